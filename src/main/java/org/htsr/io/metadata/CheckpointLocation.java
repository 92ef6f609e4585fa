package org.htsr.io.metadata;

import java.util.Map;
import java.util.Objects;

/**
 * What metadata readers know of a checkpoint before reading anything else.
 *
 * @param uri the checkpoint's entry file (the index file of a sharded checkpoint)
 * @param model the model (run) name from the path
 * @param pathStep the step the path names, or null
 * @param fileMetadata the checkpoint reader's own metadata map (already read with the header)
 */
public record CheckpointLocation(String uri, String model, Long pathStep, Map<String, String> fileMetadata) {

  public CheckpointLocation {
    Objects.requireNonNull(uri, "uri");
    fileMetadata = fileMetadata == null ? Map.of() : fileMetadata;
  }

  /** The directory that holds the checkpoint's entry file (no trailing slash). */
  String directory() {
    int slash = uri.lastIndexOf('/');
    return slash < 0 ? "." : uri.substring(0, slash);
  }

  /** The directory above {@link #directory()}, or null at a root. */
  String parentDirectory() {
    String dir = directory();
    int slash = dir.lastIndexOf('/');
    return slash <= 0 || dir.substring(0, slash).endsWith(":") || dir.substring(0, slash).endsWith("/") ? null : dir.substring(0, slash);
  }
}
