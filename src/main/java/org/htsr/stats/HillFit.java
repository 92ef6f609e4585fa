package org.htsr.stats;

import java.util.Arrays;
import org.htsr.model.PowerLawFit;

/**
 * PL_Alpha_Hill (TempBalance, AlphaPruning, AlphaDecay; paper-anchors §1.7): the Hill estimator
 * with xmin fixed at the median eigenvalue instead of searched.
 *
 * <p>x = the N eigenvalues &gt; 1e-5 ascending (htsr applies WeightWatcher's threshold; the
 * reference code's {@code filter_zeros} does the same), k = ⌊N/2⌋, xmin = x_k, n = N − k:
 * α = 1 + n / (Σ_{i≥k} ln x_i − n ln x_k); D = max_{i≥k} |1 − (x_i/xmin)^(1−α) − (i−k)/n|
 * ({@code net_esd_estimator(fix_fingers='xmin_mid', xmin_pos=2)}); σ = (α−1)/√n. O(N), no
 * search: cheap and smooth across checkpoints, which is why the training-time methods use it.
 */
public final class HillFit implements PowerLawFitter {

  public static final String MODE = "hill";
  /** xmin sits at index ⌊N / XMIN_POSITION⌋: 2 is the median (the references' xmin_pos). */
  public static final int XMIN_POSITION = 2;

  @Override
  public String mode() {
    return MODE;
  }

  @Override
  public PowerLawFit fit(double[] eigenvalues) throws FitException {
    Eigenvalues.requireAscendingNonNegative(eigenvalues);
    double[] x = Eigenvalues.aboveFitThreshold(eigenvalues, MODE);
    int size = x.length;
    int k = size / XMIN_POSITION;
    double xmin = x[k];
    int n = size - k;
    double[] tail = Arrays.copyOfRange(x, k, size);
    double logXmin = Math.log(xmin);
    double alpha = 1 + n / (Eigenvalues.sum(logs(tail)) - n * logXmin);
    if (!Double.isFinite(alpha)) {
      throw new FitException("hill: the upper half of the ESD is one repeated value " + xmin + ", alpha is infinite");
    }
    double d = 0;
    for (int i = 0; i < n; i++) {
      d = Math.max(d, Math.abs(1 - Math.pow(tail[i] / xmin, 1 - alpha) - (double) i / n));
    }
    int numPlSpikes = eigenvalues.length - Eigenvalues.firstAtLeast(eigenvalues, xmin);
    return PowerLawFit.powerLaw(MODE, alpha, xmin, x[size - 1], d, numPlSpikes, n);
  }

  private static double[] logs(double[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = Math.log(values[i]);
    }
    return out;
  }
}
