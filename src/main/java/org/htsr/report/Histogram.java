package org.htsr.report;

/**
 * Counts of eigenvalues in bins, as densities over all the eigenvalues of the layer: a bin's
 * density is count / (total · width), so the bins of the whole range integrate to 1 and a curve
 * drawn as a probability density (power law, Marchenko–Pastur) is comparable bin by bin.
 */
final class Histogram {

  private final double[] edges;
  private final int[] counts;
  private final int total;

  private Histogram(double[] edges, int[] counts, int total) {
    this.edges = edges;
    this.counts = counts;
    this.total = total;
  }

  /** Equal-width bins on [lo, hi]; values outside are counted in {@code total} only. */
  static Histogram linear(double[] values, double lo, double hi, int bins) {
    double[] edges = new double[bins + 1];
    for (int i = 0; i <= bins; i++) {
      edges[i] = lo + (hi - lo) * i / bins;
    }
    return count(values, edges);
  }

  /** Bins of equal width in log10 λ on [lo, hi] (lo &gt; 0): the log-binned ESD of WeightWatcher's plots. */
  static Histogram logarithmic(double[] values, double lo, double hi, int bins) {
    double a = Math.log10(lo);
    double b = Math.log10(hi);
    double[] edges = new double[bins + 1];
    for (int i = 0; i <= bins; i++) {
      edges[i] = Math.pow(10, a + (b - a) * i / bins);
    }
    // exact ends, so the smallest and largest value fall inside despite rounding in pow
    edges[0] = lo;
    edges[bins] = hi;
    return count(values, edges);
  }

  /** About 2√n bins, between 10 and 100 (WeightWatcher draws 100 for every size). */
  static int binsFor(int n) {
    return (int) Math.max(10, Math.min(100, Math.round(2 * Math.sqrt(n))));
  }

  private static Histogram count(double[] values, double[] edges) {
    int bins = edges.length - 1;
    int[] counts = new int[bins];
    for (double v : values) {
      if (v < edges[0] || v > edges[bins]) {
        continue;
      }
      int lo = 0;
      int hi = bins;
      // binary search for the bin with edges[lo] <= v < edges[lo+1]; the last bin includes its right edge
      while (hi - lo > 1) {
        int mid = (lo + hi) >>> 1;
        if (v >= edges[mid]) {
          lo = mid;
        } else {
          hi = mid;
        }
      }
      counts[lo]++;
    }
    return new Histogram(edges, counts, values.length);
  }

  int bins() {
    return counts.length;
  }

  double lower(int bin) {
    return edges[bin];
  }

  double upper(int bin) {
    return edges[bin + 1];
  }

  int count(int bin) {
    return counts[bin];
  }

  /** Geometric centre of a bin: where a log-binned density is plotted. */
  double geometricCentre(int bin) {
    return Math.sqrt(edges[bin] * edges[bin + 1]);
  }

  /** count / (total · width): density per unit of λ. */
  double density(int bin) {
    return counts[bin] / (total * (edges[bin + 1] - edges[bin]));
  }

  /** count / (total · width in log10 λ): density per decade of λ. */
  double densityPerDecade(int bin) {
    return counts[bin] / (total * (Math.log10(edges[bin + 1]) - Math.log10(edges[bin])));
  }
}
