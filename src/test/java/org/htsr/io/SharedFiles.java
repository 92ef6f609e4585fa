package org.htsr.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The reader tests' files: the repository's test data ({@link org.htsr.testing.SharedData}). */
public final class SharedFiles {

  private SharedFiles() {}

  public static Path path(String relative) {
    return org.htsr.testing.SharedData.resolve(relative);
  }

  /** The files of a shared directory whose names end with {@code suffix}, sorted. */
  public static List<Path> list(String directory, String suffix) {
    try (Stream<Path> files = Files.list(path(directory))) {
      return files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
