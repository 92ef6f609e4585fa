package org.htsr.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the test data inside the repository, {@code src/test/resources} (models, synthetic,
 * fixtures, reference/ww; each folder's README gives provenance and licence). Read as files from
 * the source tree, not from the class path, because the tests hand whole directories to the job.
 */
public final class SharedData {

  /** Relative to the module directory, where Maven runs the tests. */
  private static final String ROOT = "src/test/resources";

  private SharedData() {}

  public static Path root() {
    Path root = Path.of(ROOT).toAbsolutePath().normalize();
    if (!Files.isDirectory(root.resolve("models"))) {
      throw new IllegalStateException("test data not found: " + root + " (run the tests from the repository root)");
    }
    return root;
  }

  public static Path resolve(String relative) {
    return root().resolve(relative);
  }
}
