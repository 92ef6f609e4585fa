package org.htsr.stats;

import org.htsr.model.AlphaNorms;
import org.htsr.model.LayerSpectrum;
import org.htsr.model.NormMetrics;

/** WeightWatcher's per-layer norm metrics (weightwatcher-spec §3.8), from a layer's spectrum. */
public final class NormMetricsCalculator {

  /** Eigenvalues below this count toward weak_rank_loss (WeightWatcher's default tolerance). */
  public static final double WEAK_RANK_TOLERANCE = 1e-6;

  /** The ε WeightWatcher adds to pᵢ and to the rank in the entropy (its CPU value). */
  public static final double ENTROPY_EPSILON = 1e-10;

  private NormMetricsCalculator() {}

  public static NormMetrics norms(LayerSpectrum spectrum) {
    double[] lambda = spectrum.eigenvalues();
    double sum = 0;
    int matrixRank = 0;
    int weakRankLoss = 0;
    for (double v : lambda) {
      sum += v;
      if (v > spectrum.zeroThreshold()) {
        matrixRank++;
      }
      if (v < WEAK_RANK_TOLERANCE) {
        weakRankLoss++;
      }
    }
    double lambdaMax = spectrum.lambdaMax();
    return new NormMetrics(
        sum,
        Math.log10(sum),
        lambdaMax,
        Math.log10(lambdaMax),
        sum / lambdaMax,
        matrixRank,
        spectrum.rankLoss(),
        weakRankLoss,
        entropy(lambda, sum, matrixRank),
        lambdaMax,
        spectrum.svMax(),
        spectrum.svMin());
  }

  /** −Σ pᵢ ln pᵢ / ln r, pᵢ = λᵢ/Σλ + ε, r = rank + ε: WeightWatcher's matrix entropy. */
  static double entropy(double[] lambda, double sum, int rank) {
    double h = 0;
    for (double v : lambda) {
      double p = v / sum + ENTROPY_EPSILON;
      h -= p * Math.log(p);
    }
    return h / Math.log(rank + ENTROPY_EPSILON);
  }

  /** α·log10 λmax and log10 Σλᵢ^α over every eigenvalue. */
  public static AlphaNorms alphaNorms(LayerSpectrum spectrum, double alpha) {
    double sum = 0;
    for (double v : spectrum.eigenvalues()) {
      sum += Math.pow(v, alpha);
    }
    return new AlphaNorms(alpha * Math.log10(spectrum.lambdaMax()), Math.log10(sum));
  }
}
