package org.htsr.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** An {@link InputFile} that records its reads and whether it was closed. */
final class RecordingInputFile implements InputFile {

  record Read(long position, int length) {
    long end() {
      return position + length;
    }
  }

  private final InputFile delegate;
  private final List<Read> reads = new ArrayList<>();
  private boolean closed;

  RecordingInputFile(InputFile delegate) {
    this.delegate = delegate;
  }

  List<Read> reads() {
    return List.copyOf(reads);
  }

  void forgetReads() {
    reads.clear();
  }

  boolean isClosed() {
    return closed;
  }

  @Override
  public String location() {
    return delegate.location();
  }

  @Override
  public long length() throws IOException {
    return delegate.length();
  }

  @Override
  public void readFully(long position, byte[] buffer, int offset, int length) throws IOException {
    reads.add(new Read(position, length));
    delegate.readFully(position, buffer, offset, length);
  }

  @Override
  public void close() throws IOException {
    closed = true;
    delegate.close();
  }
}
