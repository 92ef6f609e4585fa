package org.htsr.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.htsr.model.PowerLawFit;
import org.junit.jupiter.api.Test;

class ClippedPowerLawFitTest {

  private final ClippedPowerLawFit fitter = new ClippedPowerLawFit();

  /** A layer without fingers keeps its α, with num_fingers 0 and raw_alpha = α. */
  @Test
  void noFingersKeepsTheFirstFit() throws FitException {
    double[] lambda = PowerlawPackageFitTest.pareto(1500, 2.5, new SplittableRandom(5));
    PowerLawFit clipped = fitter.fit(lambda);
    PowerLawFit plain = new WeightWatcherFit().fit(lambda);
    assertEquals(0, clipped.numFingers().getAsInt());
    assertEquals(plain.alpha(), clipped.alpha());
    assertEquals(plain.alpha(), clipped.rawAlpha().getAsDouble());
    assertEquals(plain.xmax(), clipped.xmax());
  }

  /**
   * Gaussian layers often end in a few eigenvalues that WWFit's xmin lands among, with a huge α
   * (WeightWatcher's "fingers", issue #102). This seed's (1024×256) raw α is 23.1; without the 3
   * largest it is below 22.1, without 2 it is not: accepted at idx = 3, num_fingers = 2
   * (WeightWatcher counts removed − 1). xmax is the largest kept value; num_pl_spikes counts the
   * removed ones too.
   */
  @Test
  void clipsFingersAndCountsThemLikeWeightWatcher() throws FitException {
    double[] lambda = MarchenkoPasturFitTest.gaussianEsd(1024, 256, new SplittableRandom(5));
    PowerLawFit clipped = fitter.fit(lambda);
    double raw = clipped.rawAlpha().getAsDouble();
    assertEquals(new WeightWatcherFit().fit(lambda).alpha(), raw);
    assertEquals(2, clipped.numFingers().getAsInt());
    int kept = lambda.length - 3;
    PowerLawFit withoutThree = new WeightWatcherFit().fit(Arrays.copyOf(lambda, kept));
    PowerLawFit withoutTwo = new WeightWatcherFit().fit(Arrays.copyOf(lambda, kept + 1));
    assertEquals(withoutThree.alpha(), clipped.alpha());
    assertTrue(clipped.alpha() + ClippedPowerLawFit.FINGER_THRESHOLD < raw);
    assertTrue(withoutTwo.alpha() + ClippedPowerLawFit.FINGER_THRESHOLD >= raw);
    assertEquals(lambda[kept - 1], clipped.xmax());
    assertEquals(lambda.length - Eigenvalues.firstAtLeast(lambda, clipped.xmin()), clipped.numPlSpikes());
  }

  /**
   * WeightWatcher fails layers with ten or fewer eigenvalues above 1e-5 (its clipping runs out of
   * data); htsr stops clipping and keeps the first fit.
   */
  @Test
  void tinyLayersKeepTheFirstFit() throws FitException {
    double[] lambda = {0, 0, 0.1, 0.2, 0.35, 0.5, 0.8, 1.3, 2.1, 3.4, 5.5, 8.9};
    PowerLawFit clipped = fitter.fit(lambda);
    assertEquals(new WeightWatcherFit().fit(lambda).alpha(), clipped.alpha());
    assertEquals(0, clipped.numFingers().getAsInt());
  }
}
