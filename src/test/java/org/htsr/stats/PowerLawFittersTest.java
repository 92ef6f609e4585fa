package org.htsr.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PowerLawFittersTest {

  @Test
  void everyModeNameBuildsItsFitter() throws FitException {
    double[] lambda = PowerlawPackageFitTest.pareto(600, 2.2, new SplittableRandom(1));
    assertEquals(6, PowerLawFitters.MODES.size());
    for (String mode : PowerLawFitters.MODES) {
      PowerLawFitter fitter = PowerLawFitters.forMode(mode);
      assertEquals(mode, fitter.mode());
      assertEquals(mode, fitter.fit(lambda).fitMode());
    }
  }

  @Test
  void unknownModesNameTheValidOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PowerLawFitters.forMode("TPL"));
    assertTrue(e.getMessage().contains("ww, legacy, clip_xmax, xmin_peak, tpl, hill"), e.getMessage());
  }
}
