package org.htsr.analysis;

import java.util.OptionalLong;

/**
 * Which tensors are analysed and how they are cut.
 *
 * @param pooling pooled or per-slice conv/stack rows
 * @param minEvals skip a layer with fewer eigenvalues (M·rf pooled, M per slice)
 * @param maxEvals skip a layer with more eigenvalues, when set
 * @param maxN skip a layer whose larger dimension N exceeds this, when set
 */
public record LayerSelection(Pooling pooling, long minEvals, OptionalLong maxEvals, OptionalLong maxN) {

  /** WeightWatcher's min_evals. */
  public static final long DEFAULT_MIN_EVALS = 10;
  /** WeightWatcher's max_evals, applied only by {@link #weightWatcherLimits()}. */
  public static final long WW_MAX_EVALS = 15_000;
  /** WeightWatcher's max_N, applied only by {@link #weightWatcherLimits()}. */
  public static final long WW_MAX_N = 50_000;

  public LayerSelection {
    if (minEvals < 1) {
      throw new IllegalArgumentException("min evals must be ≥ 1, got " + minEvals);
    }
  }

  /** htsr's default: every float tensor with ≥ 2 dims and ≥ 10 eigenvalues, pooled, no upper limit. */
  public static LayerSelection defaults() {
    return new LayerSelection(Pooling.POOLED, DEFAULT_MIN_EVALS, OptionalLong.empty(), OptionalLong.empty());
  }

  /** WeightWatcher's size limits on top of this selection (at most 15,000 eigenvalues, N ≤ 50,000). */
  public LayerSelection weightWatcherLimits() {
    return new LayerSelection(pooling, minEvals, OptionalLong.of(WW_MAX_EVALS), OptionalLong.of(WW_MAX_N));
  }

  public LayerSelection withPooling(Pooling newPooling) {
    return new LayerSelection(newPooling, minEvals, maxEvals, maxN);
  }
}
