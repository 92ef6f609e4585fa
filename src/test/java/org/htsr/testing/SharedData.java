package org.htsr.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the read-only reference material in ../shared (models, fixtures, golden outputs). */
public final class SharedData {

  private SharedData() {}

  public static Path root() {
    Path root = Path.of(System.getProperty("htsr.shared", "../shared")).toAbsolutePath().normalize();
    if (!Files.isDirectory(root)) {
      throw new IllegalStateException("reference folder not found: " + root + " (set -Dhtsr.shared)");
    }
    return root;
  }

  public static Path resolve(String relative) {
    return root().resolve(relative);
  }
}
