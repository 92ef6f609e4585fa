package org.htsr.io;

import java.io.EOFException;
import java.util.Objects;

/**
 * An {@link InputFile} over bytes in memory, for tests, fuzzing and files already fetched whole.
 * The array is not copied: callers must not modify it while the file is in use.
 */
public final class ByteArrayInputFile implements InputFile {

  private final String location;
  private final byte[] bytes;

  public ByteArrayInputFile(String location, byte[] bytes) {
    this.location = Objects.requireNonNull(location, "location");
    this.bytes = Objects.requireNonNull(bytes, "bytes");
  }

  /** The bytes themselves, for readers that parse a whole file in memory (not a copy). */
  byte[] bytes() {
    return bytes;
  }

  @Override
  public String location() {
    return location;
  }

  @Override
  public long length() {
    return bytes.length;
  }

  @Override
  public void readFully(long position, byte[] buffer, int offset, int length) throws EOFException {
    Objects.checkFromIndexSize(offset, length, buffer.length);
    if (position < 0) {
      throw new IllegalArgumentException("negative position " + position + " in " + location);
    }
    if (position > bytes.length - (long) length) {
      throw new EOFException(
          "%s: %d bytes at %d run past the end (%d bytes)"
              .formatted(location, length, position, bytes.length));
    }
    System.arraycopy(bytes, (int) position, buffer, offset, length);
  }

  @Override
  public void close() {
    // nothing to release
  }
}
