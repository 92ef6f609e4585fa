package org.htsr.table;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetadataDictionaryTest {

  /** docs/experiments.md carries the metadata table's dictionary, generated from its column comments. */
  @Test
  void experimentsDocCarriesTheGeneratedMetadataDictionary() throws IOException {
    String doc = Files.readString(Path.of("docs/experiments.md"));
    assertTrue(doc.contains(TableDictionary.markdown(List.of(Tables.METADATA))),
        "docs/experiments.md's metadata dictionary is stale: paste the output of org.htsr.table.TableDictionary metadata");
  }
}
