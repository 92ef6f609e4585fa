package org.htsr.stats;

import java.util.Locale;
import java.util.Optional;
import org.htsr.model.HeavyTailClass;
import org.htsr.model.Phase;
import org.htsr.model.PhaseFeatures;
import org.htsr.model.PhaseLabel;

/**
 * The 5+1 phase of a layer from its {@link PhaseFeatures}: the procedure of paper-anchors §2.2,
 * with thresholds chosen on the calibration suite (docs/phases.md has the confusion matrix and
 * the reasoning). The papers fix the concepts, not numbers; every number here is htsr's. Rules,
 * first match wins:
 *
 * <ol>
 *   <li>rank_collapse: excess near-zero mass f₀ − F_MP, or the solver's rank loss n₀ as a
 *       fraction of the eigenvalues, at least {@link #COLLAPSE_EXCESS};
 *   <li>heavy_tailed: a good power-law fit (D ≤ {@link #HT_MAX_PL_DISTANCE}, n_tail ≥ {@link
 *       #HT_MIN_TAIL}) of a real tail (f_out ≥ {@link #HT_MIN_OUTLIER_FRACTION}) far beyond the MP
 *       edge (R_mp &lt; {@link #HT_MAX_MP_SOFTRANK}); sub-class by α;
 *   <li>bulk_decay: the bulk is not MP (D_MP above {@link #mpDistanceLimit}), or the outliers form a
 *       decaying tail (f_out ≥ {@link #DECAY_MIN_OUTLIER_FRACTION} with at least {@link
 *       #DECAY_MIN_BLEEDING_SHARE} of them at the edge);
 *   <li>bulk_spikes: more outliers far from the edge than at it, and at least one;
 *   <li>bleeding_out: outliers, mostly at the edge;
 *   <li>random_like: none beyond the Tracy–Widom window.
 * </ol>
 *
 * <p>α alone decides nothing: Gaussian layers get α from 3 to 28 and spiked ones a D near 0.1,
 * so heavy_tailed also needs many outliers far beyond the edge.
 */
public final class PhaseClassifier {

  /**
   * Excess near-zero mass (or rank loss) for rank collapse: between the ≤ 0.07 that μ = 1 heavy
   * tails carry by themselves and the 0.47–0.50 of exact and soft collapse of half the spectrum.
   */
  public static final double COLLAPSE_EXCESS = 0.25;
  /** Power-law KS distance at most this: a fit worth reading (paper-anchors' default 0.1). */
  public static final double HT_MAX_PL_DISTANCE = 0.1;
  /** At least this many eigenvalues in the fitted tail: fewer make any D look good (μ = 2 tails have 21+). */
  public static final int HT_MIN_TAIL = 15;
  /**
   * At least this fraction of eigenvalues beyond the TW window: a tail, not a few spikes (1–5 of
   * 256 spikes is ≤ 2%; μ ≤ 2 heavy tails have 8–35%).
   */
  public static final double HT_MIN_OUTLIER_FRACTION = 0.05;
  /**
   * λ+/λmax below this: no meaningful MP edge (μ ≤ 2 heavy tails stay below 0.25, a decaying bulk
   * edge above 0.37).
   */
  public static final double HT_MAX_MP_SOFTRANK = 0.3;
  /**
   * KS distance of the bulk to MP above this: the bulk itself is not random-like. Eigenvalues are
   * rigid, so MP bulks fit to ~0.015 (M = 256) and ~0.005 (M = 1024); 0.1 is paper-anchors' default.
   */
  public static final double MP_MAX_DISTANCE = 0.1;
  /**
   * … but never below this over the number of eigenvalues: rigidity makes a Gaussian layer's D_MP
   * shrink like 1/M (99th percentiles × M: 2.8, 3.0, 3.3, 3.3 at M = 16, 32, 64, 128), so tiny
   * layers need a wider limit (0.375 at M = 16; 0.1 from M = 60 on).
   */
  public static final double MP_DISTANCE_SCALE = 6;
  /**
   * A decaying edge has at least this fraction of outliers (graded spikes over 10% of the
   * dimensions leave 5.5–6.6% beyond the window; 1–5 spikes at most 2% at M = 256).
   */
  public static final double DECAY_MIN_OUTLIER_FRACTION = 0.03;
  /** … and at least this share of them hugging the edge, where clean spikes have none. */
  public static final double DECAY_MIN_BLEEDING_SHARE = 0.25;
  /** α below this: very heavy-tailed (μ &lt; 2; SETOL's critical α = 2). */
  public static final double VERY_HEAVY_ALPHA = 2;
  /** α above this: weakly heavy-tailed (μ &gt; 4; SETOL: "α above 6 is uninformative"). */
  public static final double WEAKLY_HEAVY_ALPHA = 6;

  private PhaseClassifier() {}

  public static PhaseLabel classify(PhaseFeatures f) {
    if (f.nearZeroExcess() >= COLLAPSE_EXCESS || f.rankLoss() >= COLLAPSE_EXCESS * f.numEigenvalues()) {
      return label(Phase.RANK_COLLAPSE, Optional.empty(),
          "%.0f%% of eigenvalues are at most %.0e of the 75th percentile where MP expects %.0f%%, rank loss %d of %d",
          100 * f.nearZeroFraction(), PhaseFeaturesCalculator.NEAR_ZERO_RELATIVE,
          100 * (f.nearZeroFraction() - f.nearZeroExcess()), f.rankLoss(), f.numEigenvalues());
    }
    if (isHeavyTailed(f)) {
      double alpha = f.alpha().getAsDouble();
      return label(Phase.HEAVY_TAILED, Optional.of(heavyTailClass(alpha)),
          "power law alpha=%.2f (D=%.3f, %d eigenvalues) with %.0f%% of eigenvalues beyond the MP edge and lambda+/lambda_max=%.3f",
          alpha, f.plDistance().getAsDouble(), f.tailSize().getAsInt(), 100 * f.outlierFraction(), f.mpSoftrank());
    }
    if (f.mpDistance() > mpDistanceLimit(f.numEigenvalues())) {
      return label(Phase.BULK_DECAY, Optional.empty(),
          "the bulk does not follow Marchenko-Pastur (KS distance %.3f > %.3f; %d outliers)",
          f.mpDistance(), mpDistanceLimit(f.numEigenvalues()), f.numOutliers());
    }
    if (f.outlierFraction() >= DECAY_MIN_OUTLIER_FRACTION && f.numBleeding() >= DECAY_MIN_BLEEDING_SHARE * f.numOutliers()) {
      return label(Phase.BULK_DECAY, Optional.empty(),
          "a decaying tail of %d outliers (%.1f%% of eigenvalues), %d of them within %.1f x lambda+=%.3f",
          f.numOutliers(), 100 * f.outlierFraction(), f.numBleeding(), 1 + PhaseFeaturesCalculator.FAR_EDGE_EXCESS, f.lambdaPlus());
    }
    if (f.numFar() >= 1 && f.numFar() > f.numBleeding()) {
      return label(Phase.BULK_SPIKES, Optional.empty(),
          "%d spikes beyond %.1f x lambda+=%.3f (%d more at the edge) over an MP bulk (KS distance %.3f)",
          f.numFar(), 1 + PhaseFeaturesCalculator.FAR_EDGE_EXCESS, f.lambdaPlus(), f.numBleeding(), f.mpDistance());
    }
    if (f.numOutliers() >= 1) {
      return label(Phase.BLEEDING_OUT, Optional.empty(),
          "%d eigenvalues just above the MP edge (beyond lambda+ + %.1f s_TW = %.3f, %d of them beyond %.1f x lambda+), MP bulk KS distance %.3f",
          f.numOutliers(), PhaseFeaturesCalculator.SPIKE_TW_MULTIPLE, f.spikeThreshold(), f.numFar(),
          1 + PhaseFeaturesCalculator.FAR_EDGE_EXCESS, f.mpDistance());
    }
    return label(Phase.RANDOM_LIKE, Optional.empty(),
        "Marchenko-Pastur fits (KS distance %.3f) and lambda_max is within lambda+ + %.1f s_TW = %.3f (lambda+/lambda_max=%.3f)",
        f.mpDistance(), PhaseFeaturesCalculator.SPIKE_TW_MULTIPLE, f.spikeThreshold(), f.mpSoftrank());
  }

  /** d_MP for a layer with this many eigenvalues: max(MP_MAX_DISTANCE, MP_DISTANCE_SCALE / count). */
  public static double mpDistanceLimit(int numEigenvalues) {
    return Math.max(MP_MAX_DISTANCE, MP_DISTANCE_SCALE / numEigenvalues);
  }

  private static boolean isHeavyTailed(PhaseFeatures f) {
    return f.alpha().isPresent()
        && f.plDistance().getAsDouble() <= HT_MAX_PL_DISTANCE
        && f.tailSize().getAsInt() >= HT_MIN_TAIL
        && f.outlierFraction() >= HT_MIN_OUTLIER_FRACTION
        && f.mpSoftrank() < HT_MAX_MP_SOFTRANK;
  }

  static HeavyTailClass heavyTailClass(double alpha) {
    if (alpha < VERY_HEAVY_ALPHA) {
      return HeavyTailClass.VERY_HEAVY_TAILED;
    }
    return alpha <= WEAKLY_HEAVY_ALPHA ? HeavyTailClass.MODERATELY_HEAVY_TAILED : HeavyTailClass.WEAKLY_HEAVY_TAILED;
  }

  private static PhaseLabel label(Phase phase, Optional<HeavyTailClass> subclass, String format, Object... args) {
    return new PhaseLabel(phase, subclass, phase.label() + ": " + String.format(Locale.ROOT, format, args));
  }
}
