package org.htsr.stats;

import java.util.Arrays;

/**
 * Spearman's ρ and Kendall's τ-b of paired values, with two-sided p-values, for comparing a
 * spectral metric (α̂) with a training metric (test accuracy) over an experiment's checkpoints.
 * p-values: ρ through Student's t with n−2 degrees of freedom (as scipy.stats.spearmanr), τ
 * through the normal approximation with the tie-corrected variance (as scipy.stats.kendalltau's
 * asymptotic method); both are approximations for a handful of points, and say so by n.
 */
public final class RankCorrelation {

  /**
   * @param n pairs with both values finite
   * @param spearman ρ, NaN with fewer than 3 pairs or a constant side
   */
  public record Result(int n, double spearman, double spearmanP, double kendall, double kendallP) {}

  private RankCorrelation() {}

  public static Result of(double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("x has " + x.length + " values, y " + y.length);
    }
    int n = 0;
    double[] fx = new double[x.length];
    double[] fy = new double[y.length];
    for (int i = 0; i < x.length; i++) {
      if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
        fx[n] = x[i];
        fy[n] = y[i];
        n++;
      }
    }
    fx = Arrays.copyOf(fx, n);
    fy = Arrays.copyOf(fy, n);
    if (n < 3) {
      return new Result(n, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    double rho = pearson(ranks(fx), ranks(fy));
    double rhoP = Double.NaN;
    if (Double.isFinite(rho)) {
      double df = n - 2;
      double denominator = 1 - rho * rho;
      rhoP = denominator <= 0 ? 0 : incompleteBeta(df / 2, 0.5, df / (df + rho * rho * df / denominator));
    }
    return kendall(fx, fy, n, rho, rhoP);
  }

  private static Result kendall(double[] x, double[] y, int n, double rho, double rhoP) {
    long concordant = 0;
    long discordant = 0;
    long tiesX = 0;
    long tiesY = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double dx = Math.signum(x[i] - x[j]);
        double dy = Math.signum(y[i] - y[j]);
        if (dx == 0 && dy == 0) {
          continue; // tied in both: counts in neither
        } else if (dx == 0) {
          tiesX++;
        } else if (dy == 0) {
          tiesY++;
        } else if (dx == dy) {
          concordant++;
        } else {
          discordant++;
        }
      }
    }
    double s = concordant - discordant;
    double denominator = Math.sqrt((double) (concordant + discordant + tiesX) * (concordant + discordant + tiesY));
    double tau = denominator == 0 ? Double.NaN : s / denominator;
    double tauP = Double.NaN;
    if (Double.isFinite(tau)) {
      // variance of S under independence with ties (Kendall 1970; scipy's asymptotic method)
      double v0 = n * (n - 1.0) * (2.0 * n + 5);
      double vt = tieSum(x, t -> t * (t - 1.0) * (2.0 * t + 5));
      double vu = tieSum(y, t -> t * (t - 1.0) * (2.0 * t + 5));
      double v1 = tieSum(x, t -> t * (t - 1.0)) * tieSum(y, t -> t * (t - 1.0)) / (2.0 * n * (n - 1));
      double v2 = tieSum(x, t -> t * (t - 1.0) * (t - 2)) * tieSum(y, t -> t * (t - 1.0) * (t - 2)) / (9.0 * n * (n - 1) * (n - 2));
      double var = (v0 - vt - vu) / 18 + v1 + v2;
      tauP = var <= 0 ? Double.NaN : erfc(Math.abs(s) / Math.sqrt(2 * var));
    }
    return new Result(n, rho, rhoP, tau, tauP);
  }

  /** Average ranks (1-based), ties sharing the mean of their positions. */
  static double[] ranks(double[] v) {
    Integer[] order = new Integer[v.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
    double[] r = new double[v.length];
    for (int i = 0; i < order.length; ) {
      int j = i;
      while (j + 1 < order.length && v[order[j + 1]] == v[order[i]]) {
        j++;
      }
      double mean = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        r[order[k]] = mean;
      }
      i = j + 1;
    }
    return r;
  }

  private static double pearson(double[] a, double[] b) {
    double ma = Arrays.stream(a).average().orElse(0);
    double mb = Arrays.stream(b).average().orElse(0);
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int i = 0; i < a.length; i++) {
      sab += (a[i] - ma) * (b[i] - mb);
      saa += (a[i] - ma) * (a[i] - ma);
      sbb += (b[i] - mb) * (b[i] - mb);
    }
    return saa == 0 || sbb == 0 ? Double.NaN : Math.max(-1, Math.min(1, sab / Math.sqrt(saa * sbb)));
  }

  private static double tieSum(double[] v, java.util.function.DoubleUnaryOperator f) {
    double[] sorted = v.clone();
    Arrays.sort(sorted);
    double sum = 0;
    for (int i = 0; i < sorted.length; ) {
      int j = i;
      while (j + 1 < sorted.length && sorted[j + 1] == sorted[i]) {
        j++;
      }
      sum += f.applyAsDouble(j - i + 1);
      i = j + 1;
    }
    return sum;
  }

  /** Regularized incomplete beta I_x(a, b) (continued fraction, Numerical Recipes §6.4). */
  static double incompleteBeta(double a, double b, double x) {
    if (x <= 0) {
      return 0;
    }
    if (x >= 1) {
      return 1;
    }
    double front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
    if (x < (a + 1) / (a + b + 2)) {
      return front * betaFraction(a, b, x) / a;
    }
    return 1 - front * betaFraction(b, a, 1 - x) / b;
  }

  private static double betaFraction(double a, double b, double x) {
    double tiny = 1e-300;
    double c = 1;
    double d = 1 - (a + b) * x / (a + 1);
    d = 1 / (Math.abs(d) < tiny ? tiny : d);
    double h = d;
    for (int m = 1; m <= 300; m++) {
      int m2 = 2 * m;
      double aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
      d = 1 / nonZero(1 + aa * d);
      c = nonZero(1 + aa / c);
      h *= d * c;
      aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
      d = 1 / nonZero(1 + aa * d);
      c = nonZero(1 + aa / c);
      double delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1) < 1e-15) {
        break;
      }
    }
    return h;
  }

  private static double nonZero(double v) {
    return Math.abs(v) < 1e-300 ? 1e-300 : v;
  }

  /** ln Γ(x), x &gt; 0 (Lanczos, g = 7, 9 terms; ~1e-15 relative). */
  static double lnGamma(double x) {
    double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};
    if (x < 0.5) {
      return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
    }
    x -= 1;
    double a = c[0];
    double t = x + 7.5;
    for (int i = 1; i < 9; i++) {
      a += c[i] / (x + i);
    }
    return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
  }

  /** erfc(x) = Γ(½, x²)/√π. */
  static double erfc(double x) {
    if (x < 0) {
      return 2 - erfc(-x);
    }
    return x == 0 ? 1 : IncompleteGamma.upper(0.5, x * x) / Math.sqrt(Math.PI);
  }
}
