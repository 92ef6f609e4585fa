package org.htsr.io;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Local files, named by plain paths ({@code /data/model.safetensors}, {@code models/x.bin}) or by
 * {@code file:} URIs ({@code file:///data/model.safetensors}).
 */
public final class LocalInputFiles implements InputFiles {

  private static final String FILE_SCHEME = "file:";

  @Override
  public InputFile open(String location) throws IOException {
    return new LocalInputFile(
        location, FileChannel.open(toPath(location), StandardOpenOption.READ));
  }

  /** Keeps the caller's style: the sibling of a {@code file:} URI is a {@code file:} URI. */
  @Override
  public String resolveSibling(String location, String name) {
    if (isUri(location)) {
      return Path.of(URI.create(location)).resolveSibling(name).toUri().toString();
    }
    return Path.of(location).resolveSibling(name).toString();
  }

  /** The path of a location; a malformed one is an {@link IOException}, like a missing file. */
  private static Path toPath(String location) throws IOException {
    try {
      return isUri(location) ? Path.of(URI.create(location)) : Path.of(location);
    } catch (IllegalArgumentException notALocalPath) { // includes InvalidPathException
      throw new IOException("not a local path or file: URI: " + location, notALocalPath);
    }
  }

  private static boolean isUri(String location) {
    return location.regionMatches(true, 0, FILE_SCHEME, 0, FILE_SCHEME.length());
  }
}
