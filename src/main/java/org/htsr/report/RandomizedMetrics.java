package org.htsr.report;

import java.util.Optional;

/**
 * Comparison of a layer's ESD with the ESD of its entry-shuffled matrix (WeightWatcher's
 * randomize): each value {@code null} when its column is missing or null.
 *
 * @param randNumSpikes eigenvalues of the randomized ESD beyond its MP fit's spike threshold (correlation traps)
 * @param maxRandEval the randomized ESD's largest eigenvalue
 * @param randMpSoftrank λ+ / λmax of the randomized ESD's MP fit
 */
public record RandomizedMetrics(Double randDistance, Double wwSoftrank, Integer randNumSpikes, Double maxRandEval, Double randMpSoftrank) {

  /**
   * λ+ of the randomized ESD's MP fit, in eigenvalue units: its mp_softrank is λ+/max in mean-1
   * units, a ratio the rescaling leaves alone, so λ+ = rand_mp_softrank · max_rand_eval
   * (WeightWatcher's rand_bulk_max, which the tables do not keep).
   */
  Optional<Double> randomizedBulkMax() {
    return randMpSoftrank == null || maxRandEval == null ? Optional.empty() : Optional.of(randMpSoftrank * maxRandEval);
  }
}
