package org.htsr.report;

import java.util.Optional;

/**
 * One row of the {@code layers} table, as far as the report shows it. Metrics are {@code null}
 * where the table has null (not computed); the optional parts are empty when the table lacks
 * their columns or the layer has no value for them.
 */
public record LayerRow(
    LayerKey key,
    String name,
    String type,
    String shape,
    long n,
    long m,
    double q,
    long numEvals,
    Double lambdaMax,
    Double alphaWeighted,
    String status,
    String error,
    Optional<TailFit> tail,
    Optional<MpEdges> mp,
    Optional<RandomizedMetrics> randomized,
    Optional<PhaseReading> phase) {

  /** The layer name with its slice, as the page and the plots show it. */
  public String label() {
    return key.slice() == null ? name : name + " [slice " + key.slice() + "]";
  }
}
