package org.htsr.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MarchenkoPasturTest {

  /**
   * Closed-form CDF and median against adaptive quadrature of the density: scipy.integrate.quad
   * (epsabs 1e-14, epsrel 1e-13) and brentq (xtol 1e-15), SciPy 1.17.1. The quadrature carries
   * ~1e-12 of error near the √ edges, hence the tolerance.
   */
  @ParameterizedTest
  @CsvSource({
    "1,     0.6527759416335689, 0.6089977810442315, 0.6607459491435443",
    "2,     0.8304658815813621, 0.5760042151038688, 0.5476802255313363",
    "4,     0.9160040706866119, 0.5533900812753357, 0.4557312991326103",
    "10.67, 0.9686707490299928, 0.5325589778125854, 0.3694250378941882"
  })
  void cdfAndMedianMatchQuadrature(double q, double median, double cdfAtOne, double cdfAt30Percent) {
    MarchenkoPastur mp = MarchenkoPastur.of(q, 1);
    assertEquals(median, MarchenkoPastur.unitMedian(q), 1e-11);
    assertEquals(cdfAtOne, mp.cdf(1.0), 1e-11);
    double at = mp.lambdaMinus() + 0.3 * (mp.lambdaPlus() - mp.lambdaMinus());
    assertEquals(cdfAt30Percent, mp.cdf(at), 1e-11);
  }

  /** The closed form differentiates back to the density (central differences, step 1e-6). */
  @ParameterizedTest
  @ValueSource(doubles = {1, 1.5, 3, 8})
  void cdfDerivativeIsTheDensity(double q) {
    MarchenkoPastur mp = MarchenkoPastur.of(q, 2.5);
    double h = 1e-6;
    for (int k = 1; k < 20; k++) {
      double x = mp.lambdaMinus() + k / 20.0 * (mp.lambdaPlus() - mp.lambdaMinus());
      double numeric = (mp.cdf(x + h) - mp.cdf(x - h)) / (2 * h);
      assertEquals(mp.density(x), numeric, 1e-6 * Math.max(1, mp.density(x)), "x=" + x);
    }
  }

  @Test
  void edgesAndScaling() {
    MarchenkoPastur mp = MarchenkoPastur.of(4, 2);
    assertEquals(2 * 2.25, mp.lambdaPlus(), 1e-15);
    assertEquals(2 * 0.25, mp.lambdaMinus(), 1e-15);
    assertEquals(0, mp.cdf(mp.lambdaMinus()));
    assertEquals(1, mp.cdf(mp.lambdaPlus()));
    assertEquals(0.5, mp.cdf(mp.quantile(0.5)), 1e-14);
    // σ² scales the law: F_σ²(λ) = F_1(λ/σ²)
    assertEquals(MarchenkoPastur.of(4, 1).cdf(0.7), mp.cdf(1.4), 1e-15);
  }

  /** With σ = 1, s_TW equals WeightWatcher's TW = Q^(−1/2) λ+^(2/3) M^(−2/3). */
  @Test
  void tracyWidomScaleReducesToWeightWatchersTw() {
    double q = 2.5;
    long m = 400;
    double lambdaPlus = MarchenkoPastur.of(q, 1).lambdaPlus();
    double ww = Math.pow(q, -0.5) * Math.pow(lambdaPlus, 2.0 / 3) * Math.pow(m, -2.0 / 3);
    assertEquals(ww, MarchenkoPastur.tracyWidomScale(1, q, m), 1e-15);
    assertEquals(3 * ww, MarchenkoPastur.tracyWidomScale(3, q, m), 1e-15);
  }

  @Test
  void rejectsQBelowOne() {
    assertThrows(IllegalArgumentException.class, () -> MarchenkoPastur.of(0.5, 1));
    assertThrows(IllegalArgumentException.class, () -> MarchenkoPastur.of(2, 0));
  }
}
