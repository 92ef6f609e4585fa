package org.htsr.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.htsr.model.PowerLawFit;
import org.htsr.testing.GoldenVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PowerlawPackageFitTest {

  /**
   * {@code legacy} (powerlaw 1.5, xmax = λmax) has no WeightWatcher reference CSV. Expected values
   * come from a transcription of powerlaw 1.5's code path run with SciPy's own fmin:
   * src/test/resources/org/htsr/stats/powerlaw15_legacy.py (its docstring says what and how), on the
   * golden layers. The conv layer's eigenvalues there were scaled in float32 like here.
   */
  @Test
  void legacyMatchesPowerlaw15Transcription() throws FitException {
    GoldenVector.Layers golden = GoldenVector.layers();
    PowerLawFit lin = PowerlawPackageFit.legacy().fit(golden.linear().eigenvalues());
    assertEquals("legacy", lin.fitMode());
    assertEquals(3.975333426600264, lin.alpha(), 1e-9);
    assertEquals(1.3991889815957084, lin.xmin(), 1e-9);
    assertEquals(0.08826298656102616, lin.d(), 1e-9);
    assertEquals(29, lin.tailSize());
    PowerLawFit conv = PowerlawPackageFit.legacy().fit(golden.conv().eigenvalues());
    assertEquals(2.516930254378576, conv.alpha(), 1e-7);
    assertEquals(0.02844841563913522, conv.xmin(), 1e-9);
    assertEquals(0.1601286074765228, conv.d(), 1e-7);
    assertEquals(46, conv.tailSize());
  }

  /**
   * The legacy α of a tail is its untruncated MLE up to fmin's tolerance (the normaliser ignores
   * xmax, issue #103); only the KS distance, and so the chosen xmin, change.
   */
  @Test
  void legacyAlphaIsTheClosedFormMleOfItsTail() throws FitException {
    double[] lambda = pareto(3000, 2.5, new SplittableRandom(3));
    PowerLawFit fit = PowerlawPackageFit.legacy().fit(lambda);
    int from = Eigenvalues.firstAtLeast(lambda, fit.xmin());
    double logSum = 0;
    for (int i = from; i < lambda.length; i++) {
      logSum += Math.log(lambda[i] / fit.xmin());
    }
    double mle = 1 + (lambda.length - from) / logSum;
    assertEquals(mle, fit.alpha(), 2e-4);
    assertEquals(lambda[lambda.length - 1], fit.xmax());
  }

  /** Without ties, powerlaw's untruncated fit is WWFit (weightwatcher-spec §3.6). */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5})
  void untruncatedEqualsWeightWatcherFitWithoutTies(int seed) throws FitException {
    double[] lambda = pareto(400 + 100 * seed, 1.5 + seed / 2.0, new SplittableRandom(seed));
    PowerLawFit a = PowerlawPackageFit.untruncated().fit(lambda);
    PowerLawFit b = new WeightWatcherFit().fit(lambda);
    assertEquals(b.xmin(), a.xmin());
    assertEquals(b.alpha(), a.alpha(), 1e-12 * b.alpha());
    assertEquals(b.d(), a.d(), 1e-12);
  }

  /**
   * With ties the two differ as documented: powerlaw tries each distinct value once and compares
   * at distinct values with the lower ECDF (#values &lt; x)/n.
   */
  @Test
  void tiesUseDistinctValues() throws FitException {
    double[] lambda = {1, 1, 1, 2, 2, 3, 4, 4, 6, 9, 13, 20, 31};
    PowerlawData data = PowerlawData.of(lambda);
    assertEquals(9, data.bins.length);
    assertEquals(8, data.candidates(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY).length);
    // at bin 3 (value 4, first index 6) of the tail from bin 1 (value 2, first index 3):
    // (6/13 − 3/13)/(1 − 3/13) = 3/10
    assertEquals(0.3, data.tailCdf(3, 1), 1e-15);
    PowerLawFit fit = PowerlawPackageFit.untruncated().fit(lambda);
    assertTrue(fit.alpha() > 1);
  }

  /** numpy.histogram(log10 x, 100): the fullest bin's left edge; a value on the top edge counts in the last bin. */
  @Test
  void histogramPeakIsTheFullestBinsLeftEdge() {
    double[] x = new double[200];
    for (int i = 0; i < x.length; i++) {
      // 150 values in [10^0, 10^0.01), the rest spread up to 10^2
      x[i] = i < 150 ? Math.pow(10, 0.00005 * i) : Math.pow(10, 0.04 * (i - 149));
    }
    Arrays.sort(x);
    assertEquals(1.0, PowerlawPackageFit.histogramPeak(x), 1e-15);
  }

  /** xmin_peak searches [log10(0.95 p), 1.5 p]: never above 1.5× the peak. */
  @Test
  void xminPeakStaysBelowOneAndAHalfPeaks() throws FitException {
    double[] lambda = pareto(2000, 3, new SplittableRandom(11));
    double peak = PowerlawPackageFit.histogramPeak(lambda);
    PowerLawFit fit = PowerlawPackageFit.xminPeak().fit(lambda);
    assertTrue(fit.xmin() <= 1.5 * peak, fit.xmin() + " > 1.5 × " + peak);
    assertEquals("xmin_peak", fit.fitMode());
  }

  @Test
  void failsWithoutTwoDistinctValues() {
    assertThrows(FitException.class, () -> PowerlawPackageFit.legacy().fit(new double[] {0, 1e-6, 2, 2, 2}));
  }

  /** Pareto samples with density ∝ x^(−α), x ≥ 1, ascending. */
  static double[] pareto(int n, double alpha, SplittableRandom random) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = Math.pow(1 - random.nextDouble(), -1 / (alpha - 1));
    }
    Arrays.sort(x);
    return x;
  }
}
