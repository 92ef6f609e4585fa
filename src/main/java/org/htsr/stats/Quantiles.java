package org.htsr.stats;

/** Empirical quantiles. */
final class Quantiles {

  private Quantiles() {}

  /**
   * The p-quantile of sorted data by linear interpolation between order statistics (NumPy's
   * default, Hyndman–Fan type 7): h = (n − 1)p, x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋+1 − x⌊h⌋).
   */
  static double linear(double[] ascending, double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("quantile level must be in [0, 1], got " + p);
    }
    double h = (ascending.length - 1) * p;
    int lo = (int) Math.floor(h);
    if (lo >= ascending.length - 1) {
      return ascending[ascending.length - 1];
    }
    return ascending[lo] + (h - lo) * (ascending[lo + 1] - ascending[lo]);
  }
}
