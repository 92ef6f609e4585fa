package org.htsr.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The port against {@code scipy.optimize.fmin(f, x0, full_output=1)} itself: expected values were
 * printed by SciPy 1.17.1 (NumPy 2.4.6) on this machine; the path of this code is identical to
 * 1.10.1's, the version the WeightWatcher references used. Equal iteration and call counts show
 * that the same steps were taken, not merely a nearby optimum found.
 */
class NelderMeadTest {

  @Test
  void rosenbrockFollowsScipysPath() {
    NelderMead.Result r = NelderMead.fmin(
        p -> 100 * Math.pow(p[1] - p[0] * p[0], 2) + Math.pow(1 - p[0], 2), new double[] {-1.2, 1.0});
    assertEquals(1.0000220217835696, r.x()[0], 1e-15);
    assertEquals(1.0000422197517715, r.x()[1], 1e-15);
    assertEquals(8.177661197416674e-10, r.value(), 1e-22);
    assertEquals(85, r.iterations());
    assertEquals(159, r.evaluations());
  }

  @Test
  void oneDimensionalMultimodal() {
    NelderMead.Result r = NelderMead.fmin(p -> Math.pow(p[0] - 3.0, 2) + Math.sin(5 * p[0]), new double[] {0.7});
    assertEquals(1.113505859375001, r.x()[0], 1e-15);
    assertEquals(2.902747518076003, r.value(), 1e-14);
    assertEquals(15, r.iterations());
    assertEquals(30, r.evaluations());
  }

  /** x0 = 0 starts the simplex at 0.00025, not 1.05·x0. */
  @Test
  void zeroStartUsesTheAbsoluteStep() {
    NelderMead.Result r = NelderMead.fmin(p -> Math.abs(p[0]), new double[] {0.0});
    assertEquals(0.0, r.x()[0]);
    assertEquals(3, r.iterations());
    assertEquals(6, r.evaluations());
  }

  /** A flat objective (WeightWatcher's all-penalty MP fits) stays at x0. */
  @Test
  void flatObjectiveKeepsTheStart() {
    NelderMead.Result r = NelderMead.fmin(p -> 1.0, new double[] {2.0});
    assertEquals(2.0, r.x()[0]);
    assertEquals(11, r.iterations());
    assertEquals(32, r.evaluations());
  }
}
