package org.htsr.table;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TableDictionaryTest {

  /** docs/table-dictionary.md is the schema's column comments; regenerate with TableDictionary. */
  @Test
  void theDictionaryPageCarriesTheGeneratedDictionary() throws IOException {
    String page = Files.readString(Path.of("docs/table-dictionary.md"));
    assertTrue(page.contains(TableDictionary.markdown()),
        "docs/table-dictionary.md is stale: paste the output of org.htsr.table.TableDictionary");
  }
}
