package org.htsr.report;

/**
 * Parts of the analysis that exist only when the tables carry their columns; the report draws
 * and tabulates each part only when present.
 */
public enum Feature {
  /** layers.bulk_max, bulk_min (Marchenko–Pastur fit): MP plots and table columns. */
  MP_FIT,
  /** layers.rand_distance, ww_softrank, …: table columns of the randomized comparison. */
  RANDOMIZED_METRICS,
  /** esd.rand_eigenvalues: plots of the randomized ESD beside the ESD. */
  RANDOMIZED_ESD,
  /** layers.phase: the phase column and the phase timelines. */
  PHASE
}
