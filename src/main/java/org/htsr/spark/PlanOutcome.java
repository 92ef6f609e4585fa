package org.htsr.spark;

import java.io.Serializable;
import java.util.List;

/**
 * The header-only plan of one checkpoint, made on the driver: its tasks, or why it cannot be
 * analysed.
 *
 * @param format the detected format, null when unknown
 * @param tensors tensors listed, null when listing failed
 * @param errorClass null on success
 * @param message null on success
 */
record PlanOutcome(
    CheckpointRef checkpoint, String format, Integer tensors, List<LayerTask> tasks, String errorClass, String message)
    implements Serializable {

  boolean failed() {
    return errorClass != null;
  }
}
