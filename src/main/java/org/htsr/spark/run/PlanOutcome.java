package org.htsr.spark.run;

import org.htsr.spark.discovery.CheckpointRef;
import java.io.Serializable;
import java.util.List;
import org.htsr.io.metadata.CheckpointMetadata;

/**
 * The header-only plan of one checkpoint, made on the driver: its tasks, or why it cannot be
 * analysed.
 *
 * @param format the detected format, null when unknown
 * @param tensors tensors listed, null when listing failed
 * @param tensorsSkipped listed tensors that are not layers (1-D, non-float, empty, too few eigenvalues), null when listing failed
 * @param errorClass null on success
 * @param message null on success
 * @param metadata what describes the checkpoint (file metadata, trainer files, manifest, path)
 */
record PlanOutcome(
    CheckpointRef checkpoint, String format, Integer tensors, Integer tensorsSkipped, List<LayerTask> tasks, String errorClass,
    String message, CheckpointMetadata metadata)
    implements Serializable {

  /** A checkpoint whose header could not be listed. */
  static PlanOutcome failed(CheckpointRef checkpoint, String errorClass, String message) {
    return new PlanOutcome(checkpoint, null, null, null, List.of(), errorClass, message, CheckpointMetadata.NONE);
  }

  boolean failed() {
    return errorClass != null;
  }
}
