package org.htsr.spark.run;

import java.io.Serializable;

/**
 * The few numbers of one layer row the driver needs for progress and the checkpoints table.
 * Metrics are null when the layer has none.
 *
 * @param taskError why the whole task failed (the checkpoint is then failed, and a re-run retries
 *     it), or null
 */
record LayerSummary(
    String checkpoint,
    boolean succeeded,
    Double alpha,
    Double alphaWeighted,
    Double logNorm,
    Double logSpectralNorm,
    Double logAlphaNorm,
    Double stableRank,
    Double mpSoftrank,
    String phase,
    double secondsRead,
    double secondsEigen,
    double secondsFit,
    String taskError)
    implements Serializable {

  /** One of the {@code layers} layers of a task that failed as a whole. */
  static LayerSummary ofFailedTask(String checkpoint, String error) {
    return new LayerSummary(checkpoint, false, null, null, null, null, null, null, null, null, 0, 0, 0, error);
  }

  double seconds() {
    return secondsRead + secondsEigen + secondsFit;
  }
}
