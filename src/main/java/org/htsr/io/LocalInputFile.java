package org.htsr.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Objects;

/** A local file read with {@link FileChannel} positioned reads (no shared file pointer). */
final class LocalInputFile implements InputFile {

  private final String location;
  private final FileChannel channel;

  LocalInputFile(String location, FileChannel channel) {
    this.location = location;
    this.channel = channel;
  }

  @Override
  public String location() {
    return location;
  }

  /** The open channel, for readers that map a whole file (HDF5, ONNX). */
  FileChannel channel() {
    return channel;
  }

  @Override
  public long length() throws IOException {
    return channel.size();
  }

  @Override
  public void readFully(long position, byte[] buffer, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, buffer.length);
    ByteBuffer target = ByteBuffer.wrap(buffer, offset, length);
    while (target.hasRemaining()) {
      long at = position + (target.position() - offset);
      if (channel.read(target, at) < 0) {
        throw new EOFException(
            location + ": file ends at " + at + ", before the " + length + " bytes at " + position);
      }
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
