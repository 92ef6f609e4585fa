package org.htsr.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The repository's test data is complete: the synthetic files as generated, and a README per folder. */
class TestDataTest {

  @Test
  void syntheticFilesMatchTheirChecksums() throws Exception {
    Path dir = SharedData.resolve("synthetic");
    List<String> lines = Files.readAllLines(dir.resolve("SHA256SUMS")).stream().filter(l -> !l.isBlank()).toList();
    assertFalse(lines.isEmpty());
    for (String line : lines) {
      String[] parts = line.split("\\s+", 2);
      assertEquals(parts[0], sha256(dir.resolve(parts[1])), parts[1]);
    }
  }

  @Test
  void everyDataFolderSaysWhereItsFilesCameFrom() {
    for (String folder : List.of("models", "synthetic", "fixtures", "reference/ww")) {
      assertTrue(Files.isRegularFile(SharedData.resolve(folder).resolve("README.md")), folder + "/README.md");
    }
    assertTrue(Files.isRegularFile(Path.of("data/README.md")), "data/README.md");
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
