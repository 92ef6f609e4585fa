package org.htsr.spark;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * SHA-256 of checkpoints' bytes ({@code --identity content}), read on the driver with a few
 * threads: streamed in 1 MiB buffers, so memory does not grow with the checkpoint.
 */
final class ContentDigests {

  /** Reading is I/O-bound: a few streams keep a local disk or an object store busy. */
  static final int THREADS = 4;

  private ContentDigests() {}

  /**
   * The hex SHA-256 over {@code files} in order, per checkpoint; empty where a file could not be
   * read (that checkpoint keeps its path identity, and its reader reports the problem).
   */
  static List<Optional<String>> sha256(List<List<Path>> checkpoints, Configuration conf) {
    return DriverThreads.map(checkpoints, THREADS, "htsr-content-digest", files -> sha256One(files, conf));
  }

  static Optional<String> sha256One(List<Path> files, Configuration conf) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException("SHA-256 is required by every JVM", impossible);
    }
    byte[] buffer = new byte[1 << 20];
    try {
      for (Path file : files) {
        FileSystem fs = file.getFileSystem(conf);
        try (InputStream in = fs.open(file)) {
          for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            digest.update(buffer, 0, n);
          }
        }
      }
    } catch (IOException unreadable) {
      return Optional.empty();
    }
    return Optional.of(HexFormat.of().formatHex(digest.digest()));
  }
}
