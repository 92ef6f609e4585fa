package org.htsr.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** An {@link InputFile} that records its reads and whether it was closed. */
public final class RecordingInputFile implements InputFile {

  public record Read(long position, int length) {
    public long end() {
      return position + length;
    }
  }

  private final InputFile delegate;
  private final List<Read> reads = new ArrayList<>();
  private boolean closed;

  public RecordingInputFile(InputFile delegate) {
    this.delegate = delegate;
  }

  public List<Read> reads() {
    return List.copyOf(reads);
  }

  public void forgetReads() {
    reads.clear();
  }

  public boolean isClosed() {
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
