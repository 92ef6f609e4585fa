package org.htsr.stats;

import java.util.Arrays;

/**
 * The data as powerlaw 1.5's {@code Fit} sees them: the eigenvalues above WeightWatcher's 1e-5
 * threshold, ascending, their distinct values ("bins") and the empirical CDF it precomputes once,
 * and the distinct values it tries as xmin.
 *
 * <p>powerlaw's {@code cdf(data)} gives, at each distinct value u, (#values &lt; u)/n (arange(n)/n
 * without ties, searchsorted-left with them). {@code Distribution.KS} keeps the bins ≥ xmin and
 * renormalises: A = (cdf − cdf(xmin))/(1 − cdf(xmin)), the lower step ECDF of the tail. D =
 * max(max(T − A), −min(T − A)) against the fitted CDF T at the same bins.
 */
final class PowerlawData {

  final double[] x;
  final double[] bins;
  /** Index in {@link #x} of each bin's first occurrence. */
  final int[] firstIndex;
  /** Σ_{k≥i} ln x_k and Σ_{k≥i} x_k, compensated. */
  private final double[] suffixLog;
  private final double[] suffixSum;

  private PowerlawData(double[] x) {
    this.x = x;
    int n = x.length;
    int distinct = 0;
    for (int i = 0; i < n; i++) {
      if (i == 0 || x[i] != x[i - 1]) {
        distinct++;
      }
    }
    bins = new double[distinct];
    firstIndex = new int[distinct];
    int b = 0;
    for (int i = 0; i < n; i++) {
      if (i == 0 || x[i] != x[i - 1]) {
        bins[b] = x[i];
        firstIndex[b] = i;
        b++;
      }
    }
    suffixLog = suffix(x, Math::log);
    suffixSum = suffix(x, v -> v);
  }

  /** The eigenvalues above {@link WeightWatcherFit#EVALS_THRESHOLD}, as WeightWatcher passes them on. */
  static PowerlawData of(double[] eigenvaluesAscending) throws FitException {
    Eigenvalues.requireAscendingNonNegative(eigenvaluesAscending);
    int first = Eigenvalues.firstAbove(eigenvaluesAscending, WeightWatcherFit.EVALS_THRESHOLD);
    double[] x = Arrays.copyOfRange(eigenvaluesAscending, first, eigenvaluesAscending.length);
    PowerlawData data = new PowerlawData(x);
    if (data.bins.length < 2) {
      throw new FitException("power-law fit needs at least 2 distinct eigenvalues above "
          + WeightWatcherFit.EVALS_THRESHOLD + ", found " + data.bins.length);
    }
    return data;
  }

  int size() {
    return x.length;
  }

  double largest() {
    return x[x.length - 1];
  }

  /** Tail size for xmin = bins[bin]. */
  int tailSize(int bin) {
    return x.length - firstIndex[bin];
  }

  /** Σ ln x over the tail of bins[bin]. */
  double tailLogSum(int bin) {
    return suffixLog[firstIndex[bin]];
  }

  /** Σ x over the tail of bins[bin]. */
  double tailSum(int bin) {
    return suffixSum[firstIndex[bin]];
  }

  /**
   * powerlaw's candidate xmins: the distinct values within [lo, hi] (all when the range is
   * unbounded), the largest of those dropped; bin indices, ascending.
   */
  int[] candidates(double lo, double hi) {
    int from = 0;
    while (from < bins.length && bins[from] < lo) {
      from++;
    }
    int to = from;
    while (to < bins.length && bins[to] <= hi) {
      to++;
    }
    // "Don't look at last xmin, as that's also the xmax"
    int count = Math.max(0, to - from - 1);
    int[] out = new int[count];
    for (int i = 0; i < count; i++) {
      out[i] = from + i;
    }
    return out;
  }

  /** The renormalised lower ECDF of the tail of bins[xminBin] at bins[bin], in powerlaw's arithmetic. */
  double tailCdf(int bin, int xminBin) {
    double n = x.length;
    double dropped = firstIndex[xminBin] / n;
    return (firstIndex[bin] / n - dropped) / (1 - dropped);
  }

  /** A fitted distribution's CDF at the bins of one tail. */
  interface TailCdf {
    double at(int bin);
  }

  /**
   * The KS distance of the tail of bins[xminBin] to {@code cdf}, or — once the running maximum
   * exceeds {@code bound} — some value above {@code bound} (the candidate cannot win).
   */
  double ksDistance(int xminBin, TailCdf cdf, double bound) {
    double dPlus = Double.NEGATIVE_INFINITY;
    double dMinus = Double.NEGATIVE_INFINITY;
    for (int j = xminBin; j < bins.length; j++) {
      double diff = cdf.at(j) - tailCdf(j, xminBin);
      if (Double.isNaN(diff)) {
        return Double.NaN;
      }
      dPlus = Math.max(dPlus, diff);
      dMinus = Math.max(dMinus, -diff);
      if (dPlus > bound || dMinus > bound) {
        return Math.max(dPlus, dMinus);
      }
    }
    return Math.max(dPlus, dMinus);
  }

  /** Compensated suffix sums of f(x_k). */
  private static double[] suffix(double[] x, java.util.function.DoubleUnaryOperator f) {
    double[] out = new double[x.length + 1];
    double sum = 0;
    double carry = 0;
    for (int i = x.length - 1; i >= 0; i--) {
      double v = f.applyAsDouble(x[i]);
      double t = sum + v;
      carry += Math.abs(sum) >= Math.abs(v) ? (sum - t) + v : (v - t) + sum;
      sum = t;
      out[i] = sum + carry;
    }
    return out;
  }
}
