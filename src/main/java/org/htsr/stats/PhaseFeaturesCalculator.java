package org.htsr.stats;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.htsr.model.MpFit;
import org.htsr.model.PhaseFeatures;
import org.htsr.model.PowerLawFit;

/**
 * Computes a layer's {@link PhaseFeatures} (paper-anchors §2.1) from its eigenvalues, shape, rank
 * loss and fits. Everything is on λ̃ = λ/mean λ, so the features do not depend on the layer's
 * scale; the constants below define the features, the decision thresholds live in {@link
 * PhaseClassifier}. Values were chosen with the calibration suite (docs/phases.md).
 *
 * <p>The MP edges use σ_bulk, fitted to the 5%…80% quantiles rather than the median alone:
 * eigenvalues are rigid, so the central quantiles carry nearly independent information, and on
 * Gaussian 256×256 layers this cut the spread of σ² threefold (sd 0.0042 against 0.0115 for the
 * median), which is what lets a Tracy–Widom-sized window tell a bulk edge from an outlier at
 * M = 256. Up to 20% outliers above the bulk leave it unaffected.
 */
public final class PhaseFeaturesCalculator {

  /**
   * τ = λ+ + c·s_TW. TW₁'s 99% point is 2.02; the error of σ_bulk at M = 256 widens the Gaussian
   * spread (c = 2.5 still labelled ~2% of Gaussian layers bleeding_out), c = 3 keeps that under 1%
   * while spikes at 1.5× the BBP threshold sit 10+ s_TW above the edge.
   */
  public static final double SPIKE_TW_MULTIPLE = 3;
  /**
   * δ_b: outliers up to (1 + δ_b)·λ+ hug the edge, beyond it they are far. 1.0 (twice λ+): spikes
   * at three times the BBP threshold sit at 2.6–2.8 λ+, those at 1.5× below 1.2 λ+.
   */
  public static final double FAR_EDGE_EXCESS = 1.0;
  /**
   * δ₀: eigenvalues below this fraction of the 75th percentile count as near zero; singular values
   * under ~3% of the typical scale. Relative to a percentile, not the mean, because the mean of a
   * very heavy-tailed ESD sits far above its bulk.
   */
  public static final double NEAR_ZERO_RELATIVE = 1e-3;
  /** The quantile levels σ_bulk matches: 0.05, 0.10, …, 0.80. */
  static final double[] BULK_QUANTILES = levels(0.05, 0.80, 0.05);

  private PhaseFeaturesCalculator() {}

  /**
   * @param eigenvaluesAscending all eigenvalues of the layer (zeros included), ascending
   * @param n the layer's N
   * @param m the layer's M
   * @param rankLoss the solver's count of numerically zero singular values (reported, n₀)
   * @param mpFit WeightWatcher's MP fit of the layer, when it was made (for σ_mp)
   * @param powerLaw the layer's power-law fit, when it succeeded
   */
  public static PhaseFeatures compute(
      double[] eigenvaluesAscending, long n, long m, int rankLoss, Optional<MpFit> mpFit, Optional<PowerLawFit> powerLaw) {
    Eigenvalues.requireAscendingNonNegative(eigenvaluesAscending);
    if (m < 1 || n < m) {
      throw new IllegalArgumentException("phase features need N >= M >= 1, got N=" + n + " M=" + m);
    }
    int count = eigenvaluesAscending.length;
    double mean = Eigenvalues.sum(eigenvaluesAscending) / count;
    if (!(mean > 0)) {
      throw new IllegalArgumentException("phase features need a non-zero eigenvalue");
    }
    double[] x = new double[count];
    for (int i = 0; i < count; i++) {
      x[i] = eigenvaluesAscending[i] / mean;
    }
    double q = (double) n / m;
    double xMax = x[count - 1];

    double robust2 = Eigenvalues.median(x) / MarchenkoPastur.unitMedian(q);
    double bulk2 = bulkSigma2(x, q);
    double s = 1 / Math.sqrt(q);
    double lambdaPlus = bulk2 * (1 + s) * (1 + s);
    double lambdaMinus = bulk2 * (1 - s) * (1 - s);
    double tw = MarchenkoPastur.tracyWidomScale(bulk2, q, m);
    double tau = lambdaPlus + SPIKE_TW_MULTIPLE * tw;
    int outliers = count - Eigenvalues.firstAbove(x, tau);
    int far = count - Eigenvalues.firstAbove(x, Math.max(tau, (1 + FAR_EDGE_EXCESS) * lambdaPlus));

    double level = NEAR_ZERO_RELATIVE * Quantiles.linear(x, 0.75);
    // ≤, so that exact zeros count when more than a quarter of the spectrum is zero (level 0)
    double nearZero = (double) Eigenvalues.firstAbove(x, level) / count;
    MarchenkoPastur unit = MarchenkoPastur.of(q, 1);
    double expectedNearZero = unit.cdf(NEAR_ZERO_RELATIVE * MarchenkoPastur.unitQuantile(q, 0.75));

    return new PhaseFeatures(
        n,
        m,
        q,
        count,
        mpFit.map(f -> OptionalDouble.of(f.sigmaMp())).orElse(OptionalDouble.empty()),
        Math.sqrt(robust2),
        Math.sqrt(bulk2),
        lambdaPlus,
        lambdaMinus,
        tw,
        tau,
        outliers,
        outliers - far,
        far,
        (double) outliers / count,
        nearZero,
        nearZero - expectedNearZero,
        rankLoss,
        bulk2 > 0 ? mpDistance(x, MarchenkoPastur.of(q, bulk2)) : 1,
        lambdaPlus / xMax,
        (1 + s) * (1 + s) / xMax,
        eigenvaluesAscending[count - 1],
        powerLaw.map(f -> OptionalDouble.of(f.alpha())).orElse(OptionalDouble.empty()),
        powerLaw.map(f -> OptionalDouble.of(f.d())).orElse(OptionalDouble.empty()),
        powerLaw.map(f -> OptionalInt.of(f.tailSize())).orElse(OptionalInt.empty()));
  }

  /** σ² = Σ qᵢ mᵢ / Σ mᵢ²: empirical quantiles qᵢ of λ̃ against the unit MP quantiles mᵢ. */
  static double bulkSigma2(double[] ascending, double q) {
    double num = 0;
    double den = 0;
    for (double p : BULK_QUANTILES) {
      double mp = MarchenkoPastur.unitQuantile(q, p);
      num += Quantiles.linear(ascending, p) * mp;
      den += mp * mp;
    }
    return num / den;
  }

  /**
   * The KS distance sup |F_n − F_MP| over the bulk {λ̃ ≤ λ+}, F_n its empirical CDF (both step
   * sides); 1 when the bulk is empty.
   */
  static double mpDistance(double[] ascending, MarchenkoPastur law) {
    int size = Eigenvalues.firstAbove(ascending, law.lambdaPlus());
    if (size == 0) {
      return 1;
    }
    double d = 0;
    for (int i = 0; i < size; i++) {
      double f = law.cdf(ascending[i]);
      d = Math.max(d, Math.max(Math.abs(f - (double) i / size), Math.abs(f - (double) (i + 1) / size)));
    }
    return d;
  }

  private static double[] levels(double from, double to, double step) {
    int count = (int) Math.round((to - from) / step) + 1;
    double[] out = new double[count];
    for (int i = 0; i < count; i++) {
      out[i] = from + i * step;
    }
    return out;
  }
}
