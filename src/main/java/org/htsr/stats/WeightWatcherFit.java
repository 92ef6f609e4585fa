package org.htsr.stats;

import org.htsr.model.PowerLawFit;

/**
 * WeightWatcher 0.7.5.5's default power-law fit ({@code WWFit}), exactly, but without its O(n²)
 * cost in practice.
 *
 * <p>Definition (weightwatcher-spec §3.6): x = the eigenvalues &gt; 1e-5, ascending, n of them.
 * Every xᵢ but the largest is a candidate xmin. For candidate i with tail size nᵢ = n − i:
 * αᵢ = 1 + nᵢ / (Σ_{k≥i} ln x_k − nᵢ ln xᵢ) (continuous MLE) and, when αᵢ &gt; 1,
 * Dᵢ = max_{k≥i} |1 − (x_k/xᵢ)^(1−αᵢ) − (k−i)/nᵢ| (one-sided KS against the lower empirical
 * CDF); Dᵢ = 1 when αᵢ ≤ 1. The fit is the first i minimising Dᵢ; σ = (α−1)/√nᵢ.
 *
 * <p>Speed: all αᵢ come from suffix sums in O(n). A candidate's KS scan stops as soon as its
 * running maximum reaches the best D found so far, because it can then no longer win (ties go to
 * the smaller xmin, which the comparison honours). Candidates are visited so that a good bound is
 * known early (a coarse grid first, then the rest), and each scan starts with the point where its
 * neighbour's deviation peaked, which usually exceeds the bound at once. Candidates that are
 * scanned fully get exactly WWFit's D, so the chosen xmin, α and D are WWFit's.
 */
public final class WeightWatcherFit implements PowerLawFitter {

  /** Eigenvalues at or below this are left out of the fit (WeightWatcher's EVALS_THRESH). */
  public static final double EVALS_THRESHOLD = 1e-5;

  public static final String MODE = "ww";

  @Override
  public String mode() {
    return MODE;
  }

  @Override
  public PowerLawFit fit(double[] eigenvalues) throws FitException {
    double[] x = Eigenvalues.aboveFitThreshold(eigenvalues, "power-law fit");
    int n = x.length;
    Candidate best = fitTail(x);
    if (!Double.isFinite(best.alpha) || !Double.isFinite(best.d)) {
      throw new FitException("power-law fit has no finite alpha (best candidate xmin=" + best.xmin + ")");
    }
    int numPlSpikes = eigenvalues.length - Eigenvalues.firstAtLeast(eigenvalues, best.xmin);
    return PowerLawFit.powerLaw(MODE, best.alpha, best.xmin, x[n - 1], best.d, numPlSpikes, n - best.index);
  }

  /** The winning candidate for ascending, positive data x. */
  static Candidate fitTail(double[] x) {
    int n = x.length;
    double[] logs = new double[n];
    for (int i = 0; i < n; i++) {
      logs[i] = Math.log(x[i]);
    }
    // suffix[i] = Σ_{k≥i} ln x_k, compensated (Neumaier) so it is as accurate as numpy's pairwise sum
    double[] suffix = new double[n + 1];
    double sum = 0;
    double carry = 0;
    for (int i = n - 1; i >= 0; i--) {
      double t = sum + logs[i];
      carry += Math.abs(sum) >= Math.abs(logs[i]) ? (sum - t) + logs[i] : (logs[i] - t) + sum;
      sum = t;
      suffix[i] = sum + carry;
    }
    double[] alphas = new double[n - 1];
    for (int i = 0; i < n - 1; i++) {
      double tail = n - i;
      alphas[i] = 1 + tail / (suffix[i] - tail * logs[i]);
    }
    Search search = new Search(x, alphas);
    int stride = Math.max(1, (int) Math.sqrt(n));
    for (int i = 0; i < n - 1; i += stride) {
      search.consider(i);
    }
    for (int i = 0; i < n - 1; i++) {
      if (i % stride != 0) {
        search.consider(i);
      }
    }
    return new Candidate(search.bestIndex, x[search.bestIndex], alphas[search.bestIndex], search.bestD);
  }

  /** The index, alpha and KS distance of one candidate xmin. */
  record Candidate(int index, double xmin, double alpha, double d) {}

  /** Best-so-far state of the candidate search. */
  private static final class Search {
    private final double[] x;
    private final double[] alphas;
    private int bestIndex = -1;
    private double bestD = Double.POSITIVE_INFINITY;
    private int lastPeak;

    Search(double[] x, double[] alphas) {
      this.x = x;
      this.alphas = alphas;
    }

    void consider(int i) {
      double alpha = alphas[i];
      // WWFit leaves D = 1 for α ≤ 1 (and for NaN α: the comparison is false there too)
      if (!(alpha > 1)) {
        accept(i, 1.0);
        return;
      }
      // a candidate beats the best only with a strictly smaller D, or an equal D at a smaller index
      double bound = bestD;
      boolean winsTies = i < bestIndex;
      int tail = x.length - i;
      double xmin = x[i];
      double exponent = 1 - alpha;
      int probe = lastPeak;
      if (probe > i && probe < x.length) {
        double dev = deviation(probe, i, tail, xmin, exponent);
        if (dev > bound || (dev == bound && !winsTies)) {
          return;
        }
      }
      double max = 0;
      int peak = i;
      for (int k = i; k < x.length; k++) {
        double dev = deviation(k, i, tail, xmin, exponent);
        if (dev > max) {
          max = dev;
          peak = k;
          if (max > bound || (max == bound && !winsTies)) {
            lastPeak = peak;
            return;
          }
        }
      }
      lastPeak = peak;
      accept(i, max);
    }

    private double deviation(int k, int i, int tail, double xmin, double exponent) {
      double ratio = x[k] / xmin;
      // C's pow(1, ±inf) is 1 (numpy's); Java's Math.pow gives NaN there
      double theoretical = ratio == 1 ? 0 : 1 - Math.pow(ratio, exponent);
      return Math.abs(theoretical - (double) (k - i) / tail);
    }

    private void accept(int i, double d) {
      if (d < bestD || (d == bestD && i < bestIndex)) {
        bestD = d;
        bestIndex = i;
      }
    }
  }
}
