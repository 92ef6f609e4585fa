package org.htsr.spark;

import java.io.Serializable;

/**
 * The few numbers of one layer row the driver needs for progress and the checkpoints table.
 * Metrics are null when the layer has none.
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
    double secondsFit)
    implements Serializable {

  double seconds() {
    return secondsRead + secondsEigen + secondsFit;
  }
}
