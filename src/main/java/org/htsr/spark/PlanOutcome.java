package org.htsr.spark;

import java.io.Serializable;
import java.util.List;
import org.htsr.io.metadata.CheckpointMetadata;

/**
 * The header-only plan of one checkpoint, made on the driver: its tasks, or why it cannot be
 * analysed.
 *
 * @param format the detected format, null when unknown
 * @param tensors tensors listed, null when listing failed
 * @param errorClass null on success
 * @param message null on success
 * @param metadata what describes the checkpoint (file metadata, trainer files, manifest, path)
 */
record PlanOutcome(
    CheckpointRef checkpoint, String format, Integer tensors, List<LayerTask> tasks, String errorClass, String message,
    CheckpointMetadata metadata)
    implements Serializable {

  PlanOutcome(CheckpointRef checkpoint, String format, Integer tensors, List<LayerTask> tasks, String errorClass, String message) {
    this(checkpoint, format, tensors, tasks, errorClass, message, CheckpointMetadata.NONE);
  }

  boolean failed() {
    return errorClass != null;
  }
}
