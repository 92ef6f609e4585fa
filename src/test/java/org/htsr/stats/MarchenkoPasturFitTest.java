package org.htsr.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.htsr.model.MpFit;
import org.htsr.testing.GoldenVector;
import org.htsr.testing.Spectra;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MarchenkoPasturFitTest {

  /**
   * weightwatcher-spec §3.16(a), the portable golden test: WeightWatcher 0.7.5.5
   * {@code analyze(mp_fit=True)} on a Linear (200×300) and a Conv2d (24,16,3,3) filled from the
   * spec's LCG, float32. Values have 10 significant digits; the conv layer's eigenvalues agree to
   * ~1e-8 relative only (WeightWatcher scales the float32 slices in float32), hence its tolerance.
   */
  @Test
  void reproducesTheGoldenVectorLayers() throws FitException {
    GoldenVector.Layers golden = GoldenVector.layers();
    Spectra.Layer lin = golden.linear();
    MpFit l = MarchenkoPasturFit.fit(lin.eigenvalues(), lin.spec().n(), lin.spec().m());
    near(0.9570026355, l.sigmaMp(), 1e-9);
    assertEquals(7, l.numSpikes());
    near(0.5211373541, l.mpSoftrank(), 1e-9);
    near(2.0967058697, l.bulkMax(), 1e-9);
    near(0.021397186, l.bulkMin(), 1e-9);
    near(1.2005464366, l.wScale(), 1e-9);

    Spectra.Layer cv = golden.conv();
    MpFit c = MarchenkoPasturFit.fit(cv.eigenvalues(), cv.spec().n(), cv.spec().m());
    near(0.8765839808, c.sigmaMp(), 1e-7);
    assertEquals(9, c.numSpikes());
    near(0.3731909352, c.mpSoftrank(), 1e-7);
    near(0.0665637059, c.bulkMax(), 1e-7);
    near(0.0006792922, c.bulkMin(), 1e-7);
    near(6.1717648122, c.wScale(), 1e-7);
  }

  /**
   * Gaussian W (N×M, i.i.d. N(0,1)): the mean-1 rescaling makes σ = 1 the truth. Both estimators
   * land within a few percent (finite-M fluctuations of the edge are O(M^(−2/3))), and a clean MP
   * ESD has no spikes beyond WeightWatcher's TW margin.
   */
  @ParameterizedTest
  @CsvSource({"512, 256, 1", "768, 256, 2", "1024, 256, 3", "256, 256, 4"})
  void gaussianMatricesFitSigmaOne(int n, int m, long seed) throws FitException {
    double[] lambda = gaussianEsd(n, m, new SplittableRandom(seed));
    MpFit fit = MarchenkoPasturFit.fit(lambda, n, m);
    assertEquals(1.0, fit.sigmaMp(), 0.05);
    assertEquals(1.0, fit.robustSigma(), 0.02);
    assertEquals(0, fit.numSpikes());
    assertEquals(1.0, fit.mpSoftrank(), 0.1);
    assertEquals(MarchenkoPastur.tracyWidomScale(fit.robustSigma() * fit.robustSigma(), (double) n / m, m),
        fit.tracyWidomScale(), 1e-15);
  }

  /** Eigenvalues placed at MP quantiles give the robust σ exactly (the median is matched). */
  @Test
  void robustSigmaInvertsTheMedian() throws FitException {
    double q = 3;
    MarchenkoPastur law = MarchenkoPastur.of(q, 0.7);
    double[] lambda = new double[301];
    for (int i = 0; i < lambda.length; i++) {
      lambda[i] = law.quantile((i + 0.5) / lambda.length);
    }
    MpFit fit = MarchenkoPasturFit.fit(lambda, 903, 301);
    double mean = Eigenvalues.sum(lambda) / lambda.length;
    // rescaled units: σ²_rescaled = σ²/mean(λ)
    assertEquals(Math.sqrt(0.7 / mean), fit.robustSigma(), 1e-12);
  }

  /** A few strong spikes are counted, and leave the robust σ of the bulk nearly unchanged. */
  @Test
  void countsStrongSpikes() throws FitException {
    int n = 1024;
    int m = 256;
    double[] lambda = gaussianEsd(n, m, new SplittableRandom(7));
    double[] spiked = lambda.clone();
    for (int k = 0; k < 3; k++) {
      spiked[m - 1 - k] = lambda[m - 1] * (5 - k);
    }
    MpFit clean = MarchenkoPasturFit.fit(lambda, n, m);
    MpFit fit = MarchenkoPasturFit.fit(spiked, n, m);
    assertEquals(3, fit.numSpikes());
    // rescaling by the larger mean shrinks the bulk; the robust σ follows exactly that shrinkage
    double meanRatio = Eigenvalues.sum(lambda) / Eigenvalues.sum(spiked);
    assertEquals(clean.robustSigma() * Math.sqrt(meanRatio), fit.robustSigma(), 0.01);
  }

  @Test
  void rejectsAllZeroAndUnsortedInput() {
    assertThrows(FitException.class, () -> MarchenkoPasturFit.fit(new double[20], 40, 20));
    assertThrows(IllegalArgumentException.class, () -> MarchenkoPasturFit.fit(new double[] {2, 1}, 4, 2));
    assertThrows(IllegalArgumentException.class, () -> MarchenkoPasturFit.fit(new double[] {1, 2}, 1, 2));
  }

  /** numpy.arange semantics: ceil((stop − start)/step) points; 195 for WeightWatcher's grid. */
  @Test
  void gridHasNumpysLength() {
    for (double s0 : new double[] {0.3, 1, 1.7320508075688772, 12.8, 1e-3}) {
      double[] grid = NumpyGrids.arange(0.05 * s0, 2.0 * s0, 0.01 * s0);
      assertTrue(grid.length == 195 || grid.length == 196, "length " + grid.length + " for s0 " + s0);
      assertTrue(grid[grid.length - 1] < 2.0 * s0);
    }
  }

  static double[] gaussianEsd(int n, int m, SplittableRandom random) {
    double[] w = new double[n * m];
    for (int i = 0; i < w.length; i++) {
      w[i] = random.nextGaussian();
    }
    return Spectra.gram(n, m, w);
  }

  private static void near(double expected, double actual, double relative) {
    assertEquals(expected, actual, Math.max(Math.abs(expected) * relative, 6e-11));
  }
}
