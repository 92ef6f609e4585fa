package org.htsr.io;

/** One checkpoint format: how to recognise it by its first bytes and how to open it. */
public interface CheckpointFormat {

  /** Short stable name, stored with results ("safetensors", "pytorch-zip", …). */
  String name();

  /**
   * Whether {@code head}, the first bytes of the file (up to {@link #SNIFF_BYTES}, fewer for a
   * short file), look like this format. The location's extension is only a hint.
   */
  boolean matches(byte[] head, String location);

  /** Opens the checkpoint whose entry file is {@code location}. */
  CheckpointReader open(String location, InputFiles files) throws CheckpointFormatException;

  /** How many leading bytes format detection reads. */
  int SNIFF_BYTES = 64;
}
