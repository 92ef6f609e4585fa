package org.htsr.config;

/** What identifies a checkpoint's bytes, so that a re-run skips what it already analysed. */
public enum CheckpointIdentity {
  /** A hash of URI, total size and latest modification time: free, from the listing alone. */
  PATH_SIZE_TIME("path"),
  /**
   * The SHA-256 of the checkpoint's bytes, read once by the executors: the same for a copy or a
   * touched file, different for any changed byte, at the cost of reading every byte.
   */
  CONTENT_SHA256("content");

  private final String label;

  CheckpointIdentity(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static CheckpointIdentity parse(String value) {
    return EnumOptions.parse(CheckpointIdentity.class, value, "--identity", CheckpointIdentity::label);
  }
}
