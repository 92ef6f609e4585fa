package org.htsr.table;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TableDictionaryTest {

  /** The README's dictionary is the schema's column comments; regenerate with TableDictionary. */
  @Test
  void readmeCarriesTheGeneratedDictionary() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    assertTrue(readme.contains(TableDictionary.markdown()),
        "README.md's table dictionary is stale: paste the output of org.htsr.table.TableDictionary");
  }
}
