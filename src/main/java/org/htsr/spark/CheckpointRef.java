package org.htsr.spark;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One checkpoint found by discovery: where its entry file lies and what identifies its bytes.
 *
 * @param uri the fully qualified entry file (the index file of a sharded checkpoint)
 * @param bytes total size of its files
 * @param modifiedMillis latest modification time of its files
 * @param model model name (from the path)
 * @param step training step, or null
 */
public record CheckpointRef(String uri, long bytes, long modifiedMillis, String model, Long step)
    implements Serializable {

  /** Cheap, stable identity: a hash of URI, size and modification time. */
  public String checkpointId() {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256")
          .digest((uri + "\n" + bytes + "\n" + modifiedMillis).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 12);
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException("SHA-256 is required by every JVM", impossible);
    }
  }
}
