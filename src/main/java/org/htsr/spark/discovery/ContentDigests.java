package org.htsr.spark.discovery;

import org.htsr.spark.hadoop.HadoopInputFiles;
import org.htsr.spark.hadoop.SerializableHadoopConf;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code --identity content}: the SHA-256 of each checkpoint's bytes, computed by a Spark job so
 * that the executors read the files where they lie (the driver receives 64 hex digits per
 * checkpoint). Files are streamed in 1 MiB buffers: memory does not grow with the checkpoint.
 */
public final class ContentDigests {

  /** Tasks per slot: small checkpoints need not wait for a large one on the same slot. */
  static final int TASKS_PER_SLOT = 4;

  private ContentDigests() {}

  /**
   * The checkpoints with their content digests, in the same order; a checkpoint whose files
   * cannot be read keeps its path identity (its reader reports the problem).
   */
  public static List<CheckpointRef> withDigests(JavaSparkContext jsc, List<CheckpointRef> refs, SerializableHadoopConf conf) {
    if (refs.isEmpty()) {
      return refs;
    }
    int slices = Math.min(refs.size(), Math.max(1, jsc.defaultParallelism() * TASKS_PER_SLOT));
    return jsc.parallelize(refs, slices)
        .map(ref -> sha256(ref.files(), conf.get()).map(ref::withContentSha256).orElse(ref))
        .collect();
  }

  /** The hex SHA-256 over the files' bytes in order; empty where a file cannot be read. */
  static Optional<String> sha256(List<String> files, Configuration conf) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException("SHA-256 is required by every JVM", impossible);
    }
    byte[] buffer = new byte[1 << 20];
    try {
      for (String file : files) {
        Path path = new Path(file);
        try (InputStream in = HadoopInputFiles.fileSystemFor(path, conf).open(path)) {
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
