package org.htsr.stats;

/** Checks and order statistics on ascending eigenvalue arrays, shared by the fits. */
final class Eigenvalues {

  private Eigenvalues() {}

  /**
   * The eigenvalues above WeightWatcher's threshold ({@link WeightWatcherFit#EVALS_THRESHOLD}),
   * which a power-law fit uses; fewer than two is a FitException naming the fit.
   */
  static double[] aboveFitThreshold(double[] ascending, String fit) throws FitException {
    int first = firstAbove(ascending, WeightWatcherFit.EVALS_THRESHOLD);
    int n = ascending.length - first;
    if (n < 2) {
      throw new FitException(fit + " needs at least 2 eigenvalues above " + WeightWatcherFit.EVALS_THRESHOLD + ", found " + n);
    }
    return java.util.Arrays.copyOfRange(ascending, first, ascending.length);
  }

  /** Throws when the values are not finite, non-negative and ascending, or when there are none. */
  static void requireAscendingNonNegative(double[] ascending) {
    if (ascending.length == 0) {
      throw new IllegalArgumentException("no eigenvalues");
    }
    double previous = 0;
    for (int i = 0; i < ascending.length; i++) {
      double v = ascending[i];
      if (!(v >= previous) || Double.isInfinite(v)) {
        throw new IllegalArgumentException(
            "eigenvalues must be finite, non-negative and ascending; element " + i + " is " + v
                + (i > 0 ? " after " + previous : ""));
      }
      previous = v;
    }
  }

  /** Σ values, compensated (Neumaier), as accurate as NumPy's pairwise sum or better. */
  static double sum(double[] values) {
    double sum = 0;
    double carry = 0;
    for (double v : values) {
      double t = sum + v;
      carry += Math.abs(sum) >= Math.abs(v) ? (sum - t) + v : (v - t) + sum;
      sum = t;
    }
    return sum + carry;
  }

  /** The median (mean of the two middle values for an even count). */
  static double median(double[] ascending) {
    int n = ascending.length;
    return n % 2 == 1 ? ascending[n / 2] : (ascending[n / 2 - 1] + ascending[n / 2]) / 2;
  }

  /** Index of the first value &gt; t (length if none). */
  static int firstAbove(double[] ascending, double t) {
    int lo = 0;
    int hi = ascending.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (ascending[mid] > t) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /** Index of the first value ≥ t (length if none). */
  static int firstAtLeast(double[] ascending, double t) {
    int lo = 0;
    int hi = ascending.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (ascending[mid] >= t) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }
}
