package org.htsr.io;

import java.io.Closeable;
import java.io.IOException;

/**
 * A file read by positioned reads only, so that readers work the same on local files, Hadoop
 * FileSystem URIs (hdfs://, s3a://) and byte arrays in tests. Implementations need not be
 * thread-safe.
 */
public interface InputFile extends Closeable {

  /** Where the file lies, as given to {@link InputFiles#open(String)}; used in error messages. */
  String location();

  /** Length in bytes. */
  long length() throws IOException;

  /**
   * Reads exactly {@code length} bytes starting at {@code position} into {@code buffer}.
   *
   * @throws java.io.EOFException when the file ends first
   */
  void readFully(long position, byte[] buffer, int offset, int length) throws IOException;
}
