package org.htsr.stats;

import java.util.Arrays;
import org.htsr.model.PowerLawFit;

/**
 * WeightWatcher's {@code fix_fingers='clip_xmax'} with its default fitter (weightwatcher-spec
 * §3.7, trap T10): remove the largest eigenvalues while that lowers α by more than 1.
 *
 * <ol>
 *   <li>First fit: {@link WeightWatcherFit} on all eigenvalues &gt; 1e-5 (its α is {@code
 *       raw_alpha}).
 *   <li>For idx = 2 … 9 ({@code range(2, max_fingers)}, max_fingers effectively always 10), fit
 *       again without the idx largest. The first fit with α + 1 &lt; α_first is accepted, with
 *       {@code num_fingers} = idx − 1; a fit with α ≤ 2 stops the search and keeps the first fit.
 *       A single finger is never tried.
 *   <li>xmax is the largest eigenvalue kept; num_pl_spikes still counts every eigenvalue ≥ xmin.
 * </ol>
 *
 * <p>Where WeightWatcher is broken: it keeps clipping until fewer than two eigenvalues remain and
 * then fails the whole layer ("attempt to get argmin of an empty seq"), and after the loop it
 * refits three more clipped sets only to log a message, which fails the same way; layers with ten
 * or fewer eigenvalues above 1e-5 therefore always fail (reference {@code fix_fingers.csv}:
 * small_40x10 and lowrank_r10). htsr stops clipping when fewer than two eigenvalues would remain,
 * keeping the first fit, and has no logging refits.
 */
public final class ClippedPowerLawFit implements PowerLawFitter {

  public static final String MODE = "clip_xmax";
  /** WeightWatcher's max_fingers: idx runs up to this, exclusive. */
  public static final int MAX_FINGERS = 10;
  /** α must drop by more than this for a clip to be accepted (finger_thresh). */
  public static final double FINGER_THRESHOLD = 1.0;
  /** A clipped fit with α at or below this ends the search (min_alpha). */
  public static final double MIN_ALPHA = 2.0;
  /** The fewest eigenvalues a fit can use: one candidate xmin and one point above it. */
  private static final int MIN_FIT_SIZE = 2;

  @Override
  public String mode() {
    return MODE;
  }

  @Override
  public PowerLawFit fit(double[] eigenvalues) throws FitException {
    Eigenvalues.requireAscendingNonNegative(eigenvalues);
    double[] x = Eigenvalues.aboveFitThreshold(eigenvalues, MODE);
    int n = x.length;
    WeightWatcherFit.Candidate first = WeightWatcherFit.fitTail(x);
    WeightWatcherFit.Candidate best = first;
    int kept = n;
    int fingers = 0;
    for (int idx = 2; idx < MAX_FINGERS && n - idx >= MIN_FIT_SIZE; idx++) {
      WeightWatcherFit.Candidate clipped = WeightWatcherFit.fitTail(Arrays.copyOf(x, n - idx));
      if (clipped.alpha() + FINGER_THRESHOLD < first.alpha()) {
        best = clipped;
        kept = n - idx;
        fingers = idx - 1;
        break;
      }
      if (clipped.alpha() <= MIN_ALPHA) {
        break;
      }
    }
    if (!Double.isFinite(best.alpha()) || !Double.isFinite(best.d())) {
      throw new FitException("clip_xmax: fit has no finite alpha (xmin=" + best.xmin() + ")");
    }
    int numPlSpikes = eigenvalues.length - Eigenvalues.firstAtLeast(eigenvalues, best.xmin());
    return PowerLawFit.powerLaw(MODE, best.alpha(), best.xmin(), x[kept - 1], best.d(), numPlSpikes, kept - best.index())
        .withFingers(MODE, fingers, first.alpha());
  }
}
