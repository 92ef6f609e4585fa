package org.htsr.io;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.StandardOpenOption;

/**
 * Local files, named by plain paths ({@code /data/model.safetensors}, {@code models/x.bin}) or by
 * {@code file:} URIs ({@code file:///data/model.safetensors}).
 */
public final class LocalInputFiles implements InputFiles {

  private static final String FILE_SCHEME = "file:";

  @Override
  public InputFile open(String location) throws IOException {
    Path path = toPath(location);
    requireRegularFile(path);
    return new LocalInputFile(location, FileChannel.open(path, StandardOpenOption.READ));
  }

  /**
   * Only regular files (or links to them) are opened: opening a FIFO blocks until a writer comes,
   * which would hang the run, and devices or sockets hold no checkpoint.
   */
  public static void requireRegularFile(Path path) throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
    if (!attributes.isRegularFile()) {
      throw new IOException(path + " is not a regular file ("
          + (attributes.isDirectory() ? "a directory" : "a FIFO, socket or device") + "); it is not opened");
    }
  }

  @Override
  public String resolveInside(String location, String relative) throws IOException {
    String sibling = resolveSibling(location, relative);
    Path directory = toPath(location).toAbsolutePath().getParent();
    requireInside(directory, toPath(sibling));
    return sibling;
  }

  /**
   * Checks that {@code file}, links resolved, lies below {@code directory}, links resolved.
   *
   * @throws IOException naming both real paths when it does not, or when a link dangles or loops
   */
  public static void requireInside(Path directory, Path file) throws IOException {
    Path realDirectory = directory.toRealPath();
    Path real;
    try {
      real = file.toRealPath();
    } catch (IOException e) {
      throw new IOException(file + " cannot be resolved (missing, or a dangling or looping link): " + e.getMessage(), e);
    }
    if (!real.startsWith(realDirectory) || real.equals(realDirectory)) {
      throw new IOException(file + " resolves to " + real + ", outside " + realDirectory
          + " (symbolic links must stay inside the model's directory)");
    }
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
