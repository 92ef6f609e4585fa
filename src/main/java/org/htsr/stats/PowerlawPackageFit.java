package org.htsr.stats;

import java.util.Optional;
import org.htsr.model.PowerLawFit;

/**
 * The power-law fit of the {@code powerlaw} package, version 1.5 ({@code powerlaw.Fit(x,
 * xmax=…, distribution='power_law')}, commit 6732699), as WeightWatcher calls it with
 * {@code pl_package='powerlaw'} (weightwatcher-spec §3.7; paper-anchors §1.7). Three uses:
 *
 * <ul>
 *   <li>{@link #legacy()}, mode {@code legacy}: xmax = λmax, the setting of the 2018–2020 papers
 *       and WeightWatcher 0.2.7. For each xmin, α is found numerically ({@code scipy.optimize.fmin}
 *       on the log-likelihood from the closed-form MLE), and the likelihood's normaliser
 *       (α−1)·xmin^(α−1) ignores xmax (powerlaw issue #103), so α is the untruncated MLE up to
 *       fmin's tolerance. The KS CDF, however, is renormalised on [xmin, xmax]: T(x) = (1 −
 *       (x/xmin)^(1−α)) / (1 − (xmax/xmin)^(1−α)). That changes which xmin wins.
 *   <li>{@link #xminPeak()}, mode {@code xmin_peak}: no xmax; xmin is searched only within
 *       [log10(0.95·p), 1.5·p], p = 10^(left edge of the fullest of 100 bins of log10 λ) —
 *       WeightWatcher's {@code fix_fingers='xmin_peak'}, including its lower bound, which mixes a
 *       log and a linear scale (trap T10) and so in practice reaches down to the smallest
 *       eigenvalue. WeightWatcher runs this only with {@code pl_package='powerlaw'}; with its
 *       default fitter every layer fails. htsr needs no second package for it.
 *   <li>{@link #untruncated()}: no xmax, every candidate — WeightWatcher's {@code
 *       pl_package='powerlaw'}. Equal to {@link WeightWatcherFit} on data without ties.
 * </ul>
 *
 * <p>Common rules: data = eigenvalues &gt; 1e-5; candidate xmins = the distinct values (in the
 * range), the largest dropped; closed-form α = 1 + n/Σ ln(x/xmin) without xmax; D = max(D+, D−)
 * over the distinct values of the tail against the lower ECDF ({@link PowerlawData}); among
 * candidates with α &gt; 1, the first with the smallest D. σ = (α−1)/√n_tail.
 */
public final class PowerlawPackageFit implements PowerLawFitter {

  public static final String LEGACY = "legacy";
  public static final String XMIN_PEAK = "xmin_peak";
  /** Name of the untruncated variant (not a {@code fit_mode} of its own: it equals "ww" without ties). */
  static final String UNTRUNCATED = "powerlaw";

  /** Bins of the log10 histogram whose fullest bin locates the ESD peak. */
  public static final int PEAK_HISTOGRAM_BINS = 100;
  /** Upper end of the xmin search, as a multiple of the peak. */
  public static final double PEAK_UPPER_FACTOR = 1.5;
  /** Lower end of the xmin search: log10 of this multiple of the peak (WeightWatcher's bug, kept). */
  public static final double PEAK_LOWER_FACTOR = 0.95;

  /** What powerlaw writes for a likelihood that is 0 or out of range: 10**float_info.min_10_exp. */
  static final double TINY_LIKELIHOOD = 1e-307;
  /** |log| below this cannot over- or underflow a double: the closed forms are then exact. */
  static final double SAFE_LOG = 700;

  private enum Xmax { NONE, LARGEST }

  private enum XminRange { ALL, HISTOGRAM_PEAK }

  private final String mode;
  private final Xmax xmax;
  private final XminRange range;

  private PowerlawPackageFit(String mode, Xmax xmax, XminRange range) {
    this.mode = mode;
    this.xmax = xmax;
    this.range = range;
  }

  /** powerlaw 1.5 with xmax = λmax: the papers' legacy α. */
  public static PowerlawPackageFit legacy() {
    return new PowerlawPackageFit(LEGACY, Xmax.LARGEST, XminRange.ALL);
  }

  /** powerlaw 1.5 without xmax, xmin searched around the ESD peak. */
  public static PowerlawPackageFit xminPeak() {
    return new PowerlawPackageFit(XMIN_PEAK, Xmax.NONE, XminRange.HISTOGRAM_PEAK);
  }

  /** powerlaw 1.5 without xmax over every candidate. */
  static PowerlawPackageFit untruncated() {
    return new PowerlawPackageFit(UNTRUNCATED, Xmax.NONE, XminRange.ALL);
  }

  @Override
  public String mode() {
    return mode;
  }

  @Override
  public PowerLawFit fit(double[] eigenvalues) throws FitException {
    PowerlawData data = PowerlawData.of(eigenvalues);
    int[] bins = candidates(data);
    if (bins.length == 0) {
      throw new FitException(mode + ": no candidate xmin in the search range (fewer than 2 distinct values there)");
    }
    Trial[] trials = new Trial[bins.length];
    for (int i = 0; i < bins.length; i++) {
      trials[i] = fitAt(data, bins[i]);
    }
    Optional<KsSelection.Choice> choice = KsSelection.select(data, bins, trials);
    if (choice.isEmpty()) {
      throw new FitException(mode + ": no candidate xmin gives alpha > 1");
    }
    int bin = bins[choice.get().position()];
    double xmin = data.bins[bin];
    double alpha = trials[choice.get().position()].alpha;
    int numPlSpikes = eigenvalues.length - Eigenvalues.firstAtLeast(eigenvalues, xmin);
    return PowerLawFit.powerLaw(mode, alpha, xmin, data.largest(), choice.get().d(), numPlSpikes, data.tailSize(bin));
  }

  private int[] candidates(PowerlawData data) {
    if (range == XminRange.ALL) {
      return data.candidates(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }
    double peak = histogramPeak(data.x);
    double lo = Math.log10(PEAK_LOWER_FACTOR * peak);
    double hi = PEAK_UPPER_FACTOR * peak;
    return data.candidates(Math.min(lo, hi), Math.max(lo, hi));
  }

  /**
   * 10^(left edge of the fullest bin) of {@code numpy.histogram(log10 x, bins=100)}: equal bins
   * between the extremes, the last one closed, indices computed and corrected as NumPy does.
   */
  static double histogramPeak(double[] ascending) {
    int n = ascending.length;
    double[] logs = new double[n];
    for (int i = 0; i < n; i++) {
      logs[i] = Math.log10(ascending[i]);
    }
    double first = logs[0];
    double last = logs[n - 1];
    double[] edges = NumpyGrids.linspace(first, last, PEAK_HISTOGRAM_BINS + 1);
    int[] counts = new int[PEAK_HISTOGRAM_BINS];
    for (double v : logs) {
      int index = (int) ((v - first) / (last - first) * PEAK_HISTOGRAM_BINS);
      if (index == PEAK_HISTOGRAM_BINS) {
        index--;
      }
      if (v < edges[index]) {
        index--;
      }
      if (v >= edges[index + 1] && index != PEAK_HISTOGRAM_BINS - 1) {
        index++;
      }
      counts[index]++;
    }
    int fullest = 0;
    for (int b = 1; b < PEAK_HISTOGRAM_BINS; b++) {
      if (counts[b] > counts[fullest]) {
        fullest = b;
      }
    }
    return Math.pow(10, edges[fullest]);
  }

  private Trial fitAt(PowerlawData data, int bin) {
    double xmin = data.bins[bin];
    int n = data.tailSize(bin);
    double logXmin = Math.log(xmin);
    double alpha = 1 + n / (data.tailLogSum(bin) - n * logXmin);
    // Distribution.cdf: T = (F(x) − F(xmin))/norm, F(x) = 1 − (x/xmin)^(1−α), F(xmin) = 0,
    // norm = 1 − F(xmin), minus 1 − F(xmax) when xmax is set
    double norm = 1.0;
    if (xmax == Xmax.LARGEST) {
      TailLikelihood likelihood = new TailLikelihood(data, bin);
      alpha = NelderMead.fmin(p -> likelihood.negativeLogLikelihood(p[0]), new double[] {alpha}).x()[0];
      norm = norm - (1 - (1 - Math.pow(data.largest() / xmin, 1 - alpha)));
    }
    return new Trial(data.bins, alpha, xmin, norm);
  }

  /** One candidate's power law: α and its CDF on the tail's bins. */
  private record Trial(double[] bins, double alpha, double xmin, double norm) implements KsSelection.Trial {

    @Override
    public boolean valid() {
      return alpha > 1;
    }

    @Override
    public PowerlawData.TailCdf cdf() {
      return j -> (1 - Math.pow(bins[j] / xmin, 1 - alpha)) / norm;
    }
  }

  /**
   * −Σ ln pdf(x) over one tail, as powerlaw's {@code Distribution.fit} minimises it: pdf =
   * x^(−α)·(α−1)·xmin^(α−1) when α &gt; 1, else 1e-307 (also for any pdf that underflows to 0).
   * When no term can over- or underflow, the sum is α·Σ ln x − n·ln C in O(1); otherwise it is
   * evaluated term by term exactly as powerlaw does.
   */
  private static final class TailLikelihood {
    private final double[] x;
    private final int from;
    private final int n;
    private final double logSum;
    private final double logXmin;
    private final double logLo;
    private final double logHi;

    TailLikelihood(PowerlawData data, int bin) {
      this.x = data.x;
      this.from = data.firstIndex[bin];
      this.n = data.tailSize(bin);
      this.logSum = data.tailLogSum(bin);
      this.logXmin = Math.log(data.bins[bin]);
      this.logLo = Math.log(x[from]);
      this.logHi = Math.log(x[x.length - 1]);
    }

    double negativeLogLikelihood(double alpha) {
      if (!(alpha > 1)) {
        return -n * Math.log(TINY_LIKELIHOOD);
      }
      double logC = Math.log(alpha - 1) + (alpha - 1) * logXmin;
      if (safe(alpha * logLo) && safe(alpha * logHi) && safe(logC)
          && safe(logC - alpha * logLo) && safe(logC - alpha * logHi)) {
        return alpha * logSum - n * logC;
      }
      double c = (alpha - 1) * Math.pow(x[from], alpha - 1);
      double sum = 0;
      for (int k = from; k < x.length; k++) {
        double likelihood = Math.pow(x[k], -alpha) * c;
        sum += Math.log(likelihood == 0 ? TINY_LIKELIHOOD : likelihood);
      }
      return -sum;
    }
  }

  /** Whether a log-domain quantity is far enough from exp's overflow and underflow for the O(1) sums. */
  static boolean safe(double log) {
    return Math.abs(log) < SAFE_LOG;
  }
}
