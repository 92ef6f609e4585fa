package org.htsr.io;

import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Files held in memory, named like paths ({@code dir/name}). Remembers what it opened, so that
 * tests can check that readers close every file, on success and on failure.
 */
public final class InMemoryInputFiles implements InputFiles {

  private final Map<String, byte[]> files = new HashMap<>();
  private final List<RecordingInputFile> opened = new ArrayList<>();

  public InMemoryInputFiles put(String location, byte[] bytes) {
    files.put(location, bytes);
    return this;
  }

  public InMemoryInputFiles remove(String location) {
    files.remove(location);
    return this;
  }

  /** How many opened files are not closed yet. */
  public long openCount() {
    return opened.stream().filter(f -> !f.isClosed()).count();
  }

  long totalBytes() {
    return files.values().stream().mapToLong(b -> b.length).sum();
  }

  @Override
  public InputFile open(String location) throws NoSuchFileException {
    byte[] bytes = files.get(location);
    if (bytes == null) {
      throw new NoSuchFileException(location);
    }
    RecordingInputFile file = new RecordingInputFile(new ByteArrayInputFile(location, bytes));
    opened.add(file);
    return file;
  }

  @Override
  public String resolveSibling(String location, String name) {
    return location.substring(0, location.lastIndexOf('/') + 1) + name;
  }
}
