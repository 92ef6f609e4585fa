package org.htsr.spark.discovery;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * One checkpoint found by discovery: where its entry file lies and what identifies its bytes.
 *
 * @param uri the fully qualified entry file (the index file of a sharded checkpoint)
 * @param files its files: the entry file, then the shards discovery found, by path
 * @param bytes total size of its files
 * @param modifiedMillis latest modification time of its files
 * @param model model name (from the path)
 * @param step training step, or null
 * @param contentSha256 hex SHA-256 of its files' bytes (entry file, then shards by path) with
 *     {@code --identity content}; null otherwise
 */
public record CheckpointRef(String uri, List<String> files, long bytes, long modifiedMillis, String model, Long step, String contentSha256)
    implements Serializable {

  public CheckpointRef {
    files = List.copyOf(files);
  }

  /** The same checkpoint at {@code newStep} (from its metadata); unchanged when that is null. */
  public CheckpointRef withStep(Long newStep) {
    return newStep == null || newStep.equals(step) ? this : new CheckpointRef(uri, files, bytes, modifiedMillis, model, newStep, contentSha256);
  }

  public CheckpointRef withContentSha256(String hex) {
    return new CheckpointRef(uri, files, bytes, modifiedMillis, model, step, hex);
  }

  /**
   * Cheap, stable identity (24 hex digits): the head of the content digest when there is one (the
   * same for a copy or a touched file), else of a hash of URI, size and modification time.
   */
  public String checkpointId() {
    if (contentSha256 != null) {
      return contentSha256.substring(0, 24);
    }
    try {
      byte[] d = MessageDigest.getInstance("SHA-256")
          .digest((uri + "\n" + bytes + "\n" + modifiedMillis).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 12);
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException("SHA-256 is required by every JVM", impossible);
    }
  }
}
