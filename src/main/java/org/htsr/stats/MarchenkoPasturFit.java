package org.htsr.stats;

import org.htsr.model.MpFit;

/**
 * WeightWatcher 0.7.5.5's Marchenko–Pastur fit ({@code mp_fit=True}), exactly, plus htsr's robust
 * σ (weightwatcher-spec §3.9, trap T11; paper-anchors §1.2–1.3, §2.1).
 *
 * <ol>
 *   <li>Rescale to mean 1: W_scale = √n/√Σλ, x = W_scale²·λ (n eigenvalues).
 *   <li>Fit σ: s₀ = √(max x / (1 + 1/√Q)²); grid {@code numpy.arange(0.05 s₀, 2 s₀, 0.01 s₀)};
 *       {@code scipy.optimize.brute} evaluates the objective on it and polishes the best grid
 *       point with {@code fmin} (Nelder–Mead, {@link NelderMead}), keeping fmin's point whatever
 *       its value.
 *   <li>Objective: the data fitted are x, or √x when Q = 1. Their triangular KDE (bandwidth 0.1,
 *       {@link LinearKernelDensity}) on {@code linspace(0, max + 0.5, 1000)}, keeping only points
 *       where it exceeds 0.01; the KDE does not depend on σ, so it is computed once. Residual =
 *       model − KDE at the kept points, sum of squares. Model: for Q = 1 the quarter circle
 *       √(4 − ν²)/(πσ²) (σ enters only the amplitude, as in WeightWatcher); otherwise the MP density
 *       √((b − x)(x − a))/(2πσ²x/Q), b = (σ(1 + √(1/Q)))², a = (σ(1 − √(1/Q)))², NaN → 0. MP
 *       only: every residual is 1000 when b &lt; x_peak, b &gt; the last kept point, or a &gt;
 *       x_peak (x_peak = first kept point of maximal KDE). There is no σ &gt; 1 penalty in 0.7.5.5
 *       (issue #60 removed it).
 *   <li>λ± = (σ(1 ± 1/√Q))²; TW = Q^(−1/2) λ+^(2/3) M^(−2/3); num_spikes = #{x &gt; λ+ + √TW};
 *       mp_softrank = λ+/max x; bulk_max/min = λ±/W_scale². M is the layer's smaller dimension,
 *       not the number of eigenvalues (pooled conv layers have M·rf).
 * </ol>
 *
 * <p>htsr's robust σ: σ² = median(x)/m_Q with m_Q the median of MP(σ² = 1, Q)
 * ({@link MarchenkoPastur#unitMedian}); its Tracy–Widom scale s_TW. Deterministic, no fit, and
 * insensitive to up to half of the eigenvalues being outliers.
 */
public final class MarchenkoPasturFit {

  /** WeightWatcher's KDE bandwidth. */
  public static final double BANDWIDTH = 0.1;
  /** Number of KDE evaluation points. */
  public static final int GRID_POINTS = 1000;
  /** The KDE grid extends this far beyond the largest fitted value. */
  public static final double GRID_MARGIN = 0.5;
  /** KDE values at or below this are left out of the residual (WeightWatcher's THRESH). */
  public static final double DENSITY_THRESHOLD = 0.01;
  /** Every residual takes this value when the MP edges are implausible. */
  public static final double PENALTY = 1000;
  /** KDE values this close (relatively) to the maximum count as the same peak: rounding noise. */
  static final double PLATEAU_TOLERANCE = 1e-12;
  /** σ grid: from this fraction of s₀ … */
  public static final double GRID_START = 0.05;
  /** … to this fraction of s₀ (excluded) … */
  public static final double GRID_STOP = 2.0;
  /** … in steps of this fraction of s₀. */
  public static final double GRID_STEP = 0.01;

  private MarchenkoPasturFit() {}

  /**
   * Fits the eigenvalues of one layer.
   *
   * @param eigenvaluesAscending all eigenvalues of the layer, ascending (zeros included; M·rf of
   *     them for a pooled conv layer); not modified
   * @param n the layer's larger dimension N
   * @param m the layer's smaller dimension M (Q = N/M)
   * @throws FitException when the eigenvalues are all zero, or leave no KDE point above the
   *     threshold
   */
  public static MpFit fit(double[] eigenvaluesAscending, long n, long m) throws FitException {
    if (m < 1 || n < m) {
      throw new IllegalArgumentException("MP fit needs N >= M >= 1, got N=" + n + " M=" + m);
    }
    Eigenvalues.requireAscendingNonNegative(eigenvaluesAscending);
    int count = eigenvaluesAscending.length;
    double sum = Eigenvalues.sum(eigenvaluesAscending);
    if (!(sum > 0)) {
      throw new FitException("MP fit: every eigenvalue is zero");
    }
    double q = (double) n / m;
    boolean quarterCircle = n == m;
    double wScale = Math.sqrt(count) / Math.sqrt(sum);
    double scale2 = wScale * wScale;
    double[] x = new double[count];
    for (int i = 0; i < count; i++) {
      x[i] = scale2 * eigenvaluesAscending[i];
    }
    double lambdaMax = x[count - 1];

    Objective objective = new Objective(quarterCircle ? sqrtAll(x) : x, q, quarterCircle);
    double s0 = Math.sqrt(lambdaMax / square(1 + 1.0 / Math.sqrt(q)));
    double sigma = brute(objective, GRID_START * s0, GRID_STOP * s0, GRID_STEP * s0);

    double edge = 1 / Math.sqrt(q);
    double bulkMax = square(sigma * (1 + edge));
    double bulkMin = square(sigma * (1 - edge));
    double tw = 1 / Math.sqrt(q) * Math.pow(bulkMax, 2.0 / 3) * Math.pow(m, -2.0 / 3);
    double threshold = bulkMax + Math.sqrt(tw);
    int spikes = count - Eigenvalues.firstAbove(x, threshold);

    double median = Eigenvalues.median(x);
    double robustSigma2 = median / MarchenkoPastur.unitMedian(q);
    return new MpFit(
        sigma,
        bulkMax / scale2,
        bulkMin / scale2,
        spikes,
        bulkMax / lambdaMax,
        wScale,
        Math.sqrt(robustSigma2),
        MarchenkoPastur.tracyWidomScale(robustSigma2, q, m));
  }

  /** scipy.optimize.brute over numpy.arange(start, stop, step), finished by fmin. */
  private static double brute(Objective objective, double start, double stop, double step) {
    double[] grid = NumpyGrids.arange(start, stop, step);
    int best = 0;
    double bestValue = objective.value(grid[0]);
    // np.argmin: the first minimum, or the first NaN if there is one
    for (int i = 1; i < grid.length && !Double.isNaN(bestValue); i++) {
      double v = objective.value(grid[i]);
      if (Double.isNaN(v) || v < bestValue) {
        best = i;
        bestValue = v;
      }
    }
    return NelderMead.fmin(p -> objective.value(p[0]), new double[] {grid[best]}).x()[0];
  }

  private static double[] sqrtAll(double[] x) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = Math.sqrt(x[i]);
    }
    return out;
  }

  private static double square(double v) {
    return v * v;
  }

  /** WeightWatcher's {@code resid_mp(..., allresid=False)} with its KDE computed once. */
  private static final class Objective {
    private final double[] kdeX;
    private final double[] kdeY;
    private final double q;
    private final boolean quarterCircle;
    private final double peakX;
    private final double[] quarterCircleShape;
    private final double[] kdeYSquared;

    Objective(double[] fitted, double q, boolean quarterCircle) throws FitException {
      this.q = q;
      this.quarterCircle = quarterCircle;
      double[] grid = NumpyGrids.linspace(0, fitted[fitted.length - 1] + GRID_MARGIN, GRID_POINTS);
      double[] density = LinearKernelDensity.evaluate(fitted, grid, BANDWIDTH);
      int kept = 0;
      for (double d : density) {
        if (d > DENSITY_THRESHOLD) {
          kept++;
        }
      }
      if (kept == 0) {
        throw new FitException("MP fit: the KDE of the ESD never exceeds " + DENSITY_THRESHOLD);
      }
      kdeX = new double[kept];
      kdeY = new double[kept];
      int k = 0;
      double max = 0;
      for (int i = 0; i < grid.length; i++) {
        if (density[i] > DENSITY_THRESHOLD) {
          kdeX[k] = grid[i];
          kdeY[k] = density[i];
          max = Math.max(max, density[i]);
          k++;
        }
      }
      // A triangular KDE is piecewise linear: where as many points enter as leave the window it
      // is flat, and grid points on the plateau tie in exact arithmetic. WeightWatcher takes the
      // first maximum; taking the first within rounding of the maximum makes that choice
      // independent of summation order (sklearn's and ours differ in the last bits).
      int peak = 0;
      while (kdeY[peak] < max * (1 - PLATEAU_TOLERANCE)) {
        peak++;
      }
      peakX = kdeX[peak];
      // σ-independent, so computed once instead of at each of the ≈ 200 σ the search tries (the
      // same operations: the objective's values are unchanged to the bit)
      quarterCircleShape = new double[kept];
      kdeYSquared = new double[kept];
      for (int i = 0; i < kept; i++) {
        quarterCircleShape[i] = Math.sqrt(4 - kdeX[i] * kdeX[i]);
        kdeYSquared[i] = kdeY[i] * kdeY[i];
      }
    }

    double value(double sigma) {
      double sum = 0;
      if (quarterCircle) {
        double amplitude = 1 / (Math.PI * sigma * sigma);
        for (int i = 0; i < kdeX.length; i++) {
          double model = nanToNum(amplitude * quarterCircleShape[i]);
          double r = model - kdeY[i];
          sum += r * r;
        }
        return sum;
      }
      double y = 1 / q;
      double b = square(sigma * (1 + Math.sqrt(1 / q)));
      double a = square(sigma * (1 - Math.sqrt(1 / q)));
      if (b < peakX || b > kdeX[kdeX.length - 1] || a > peakX) {
        return kdeX.length * PENALTY * PENALTY;
      }
      // 2πσ², multiplied in the order 2·π·σ·σ·x·y is: the same rounding as WeightWatcher's expression
      double twoPiSigma2 = 2 * Math.PI * sigma * sigma;
      for (int i = 0; i < kdeX.length; i++) {
        double xi = kdeX[i];
        if (xi > a && xi < b) {
          double model = nanToNum((1 / (twoPiSigma2 * xi * y)) * Math.sqrt((b - xi) * (xi - a)));
          double r = model - kdeY[i];
          sum += r * r;
        } else {
          // outside (a, b) the density is √ of a product ≤ 0: NaN or ±0, so the model is 0 and the
          // residual's square is the KDE's, to the bit; no square root or division
          sum += kdeYSquared[i];
        }
      }
      return sum;
    }

    /** numpy.nan_to_num: NaN → 0, ±∞ → ±Double.MAX_VALUE. */
    private static double nanToNum(double v) {
      if (Double.isNaN(v)) {
        return 0;
      }
      if (v == Double.POSITIVE_INFINITY) {
        return Double.MAX_VALUE;
      }
      return v == Double.NEGATIVE_INFINITY ? -Double.MAX_VALUE : v;
    }
  }
}
