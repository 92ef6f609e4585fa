package org.htsr.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.htsr.model.PowerLawFit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HillFitTest {

  private final HillFit fitter = new HillFit();

  /** The definition, by hand on a small ESD: k = ⌊9/2⌋ = 4 (zeros below 1e-5 are dropped first). */
  @Test
  void matchesTheDefinition() throws FitException {
    double[] lambda = {0, 1e-6, 0.5, 0.7, 1.0, 1.5, 2.0, 3.0, 5.0, 8.0, 13.0};
    PowerLawFit fit = fitter.fit(lambda);
    double[] tail = {2.0, 3.0, 5.0, 8.0, 13.0};
    double s = 0;
    for (double v : tail) {
      s += Math.log(v / 2.0);
    }
    double alpha = 1 + 5 / s;
    assertEquals(alpha, fit.alpha(), 1e-14);
    assertEquals(2.0, fit.xmin());
    assertEquals(5, fit.tailSize());
    assertEquals(5, fit.numPlSpikes());
    double d = 0;
    for (int i = 0; i < 5; i++) {
      d = Math.max(d, Math.abs(1 - Math.pow(tail[i] / 2.0, 1 - alpha) - i / 5.0));
    }
    assertEquals(d, fit.d(), 1e-15);
    assertEquals((alpha - 1) / Math.sqrt(5), fit.sigma().getAsDouble(), 1e-15);
  }

  /** On a pure power law the median is as good an xmin as any: α within 3 standard errors. */
  @ParameterizedTest
  @ValueSource(doubles = {1.8, 2.5, 3.5})
  void recoversParetoExponent(double alpha) throws FitException {
    double[] lambda = PowerlawPackageFitTest.pareto(4000, alpha, new SplittableRandom((long) (alpha * 100)));
    PowerLawFit fit = fitter.fit(lambda);
    assertTrue(Math.abs(fit.alpha() - alpha) < 3 * fit.sigma().getAsDouble(), fit.alpha() + " vs " + alpha);
  }

  @Test
  void failsOnADegenerateUpperHalf() {
    assertThrows(FitException.class, () -> fitter.fit(new double[] {1, 2, 3, 3, 3, 3}));
    assertThrows(FitException.class, () -> fitter.fit(new double[] {0, 0, 4}));
  }
}
