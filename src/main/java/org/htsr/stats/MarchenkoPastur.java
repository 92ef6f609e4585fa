package org.htsr.stats;

/**
 * The Marchenko–Pastur law of the eigenvalues of X = WᵀW/N for an N×M matrix W with i.i.d.
 * entries of variance σ², aspect ratio Q = N/M ≥ 1 (paper-anchors §1.2).
 *
 * <ul>
 *   <li>edges λ± = σ²(1 ± 1/√Q)²;
 *   <li>density ρ(λ) = Q/(2πσ²λ) · √((λ+ − λ)(λ − λ−)) on [λ−, λ+];
 *   <li>distribution function, in closed form: with c = (λ+ + λ−)/2, r = (λ+ − λ−)/2 and
 *       λ = c − r cos θ (θ ∈ [0, π]), F(λ) = Q/(2π σ²) · [r sin θ + c θ − 2√(λ+λ−) ·
 *       atan(√(λ+/λ−) tan(θ/2))]. (Substituting λ = c − r cos θ turns the density into
 *       Q r² sin²θ / (2πσ²(c − r cos θ)), whose antiderivative this is; F(λ+) = 1.) For Q = 1
 *       (λ− = 0) the last term vanishes.
 *   <li>the Tracy–Widom (Johnstone) scale of λmax about λ+: s_TW = σ² Q^(−1/2) (1 + Q^(−1/2))^(4/3)
 *       M^(−2/3).
 * </ul>
 *
 * <p>Q &lt; 1 (an atom at zero) does not occur: M is always the smaller dimension.
 */
public final class MarchenkoPastur {

  private final double q;
  private final double sigma2;
  private final double lambdaPlus;
  private final double lambdaMinus;

  private MarchenkoPastur(double q, double sigma2) {
    if (!(q >= 1) || !(sigma2 > 0) || Double.isInfinite(q) || Double.isInfinite(sigma2)) {
      throw new IllegalArgumentException("Marchenko-Pastur law needs Q >= 1 and sigma^2 > 0, got Q=" + q + " sigma^2=" + sigma2);
    }
    this.q = q;
    this.sigma2 = sigma2;
    double s = 1 / Math.sqrt(q);
    this.lambdaPlus = sigma2 * (1 + s) * (1 + s);
    this.lambdaMinus = sigma2 * (1 - s) * (1 - s);
  }

  /** The law with variance σ² and aspect ratio Q = N/M ≥ 1. */
  public static MarchenkoPastur of(double q, double sigma2) {
    return new MarchenkoPastur(q, sigma2);
  }

  /** λ+ = σ²(1 + 1/√Q)², the upper bulk edge. */
  public double lambdaPlus() {
    return lambdaPlus;
  }

  /** λ− = σ²(1 − 1/√Q)², the lower bulk edge (0 for Q = 1). */
  public double lambdaMinus() {
    return lambdaMinus;
  }

  /** The density at λ (0 outside [λ−, λ+]). */
  public double density(double lambda) {
    if (!(lambda > lambdaMinus && lambda < lambdaPlus)) {
      return 0;
    }
    return q / (2 * Math.PI * sigma2 * lambda) * Math.sqrt((lambdaPlus - lambda) * (lambda - lambdaMinus));
  }

  /** P(λ' ≤ λ), in closed form. */
  public double cdf(double lambda) {
    if (!(lambda > lambdaMinus)) {
      return 0;
    }
    if (lambda >= lambdaPlus) {
      return 1;
    }
    double c = (lambdaPlus + lambdaMinus) / 2;
    double r = (lambdaPlus - lambdaMinus) / 2;
    double cos = Math.max(-1, Math.min(1, (c - lambda) / r));
    return cdfAtAngle(Math.acos(cos), c, r);
  }

  /** F at the angle θ of λ = c − r cos θ. */
  private double cdfAtAngle(double theta, double c, double r) {
    double f = r * Math.sin(theta) + c * theta;
    if (lambdaMinus > 0) {
      // atan(k·tan(θ/2)) written as atan2 so that θ = π needs no infinity
      double k = Math.sqrt(lambdaPlus / lambdaMinus);
      f -= 2 * Math.sqrt(lambdaPlus * lambdaMinus) * Math.atan2(k * Math.sin(theta / 2), Math.cos(theta / 2));
    }
    return Math.min(1, Math.max(0, q / (2 * Math.PI * sigma2) * f));
  }

  /** The p-quantile, 0 &lt; p &lt; 1, by bisection on θ (F is increasing in θ). */
  public double quantile(double p) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("quantile level must be in (0, 1), got " + p);
    }
    double c = (lambdaPlus + lambdaMinus) / 2;
    double r = (lambdaPlus - lambdaMinus) / 2;
    double lo = 0;
    double hi = Math.PI;
    // 100 halvings of [0, π] reach the resolution of a double
    for (int i = 0; i < 100 && hi - lo > 0; i++) {
      double mid = (lo + hi) / 2;
      if (mid == lo || mid == hi) {
        break;
      }
      if (cdfAtAngle(mid, c, r) < p) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return c - r * Math.cos((lo + hi) / 2);
  }

  /** The median of the law with σ² = 1: m_Q, used to estimate σ² robustly as median(λ)/m_Q. */
  public static double unitMedian(double q) {
    return unitQuantile(q, 0.5);
  }

  /**
   * The p-quantile of the law with σ² = 1, remembered: every layer of one shape asks for the same
   * ≈ 20 of them (each a bisection of 50–60 steps through sin, cos and atan2), and a sweep holds
   * few shapes.
   */
  public static double unitQuantile(double q, double p) {
    if (UNIT_QUANTILES.size() >= MAX_REMEMBERED) {
      UNIT_QUANTILES.clear(); // a pathological sweep of many shapes recomputes; memory stays bounded
    }
    return UNIT_QUANTILES.computeIfAbsent(new Level(q, p), level -> of(q, 1).quantile(p));
  }

  private record Level(double q, double p) {}

  private static final int MAX_REMEMBERED = 1 << 14;
  private static final java.util.concurrent.ConcurrentHashMap<Level, Double> UNIT_QUANTILES = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * The Tracy–Widom (Johnstone) scale of the largest eigenvalue: s_TW = σ² Q^(−1/2)
   * (1 + Q^(−1/2))^(4/3) M^(−2/3) (paper-anchors §1.2). With σ = 1 it equals WeightWatcher's
   * TW = Q^(−1/2) λ+^(2/3) M^(−2/3).
   */
  public static double tracyWidomScale(double sigma2, double q, long m) {
    double s = 1 / Math.sqrt(q);
    return sigma2 * s * Math.pow(1 + s, 4.0 / 3) * Math.pow(m, -2.0 / 3);
  }
}
