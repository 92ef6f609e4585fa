package org.htsr.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.htsr.model.PowerLawFit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WeightWatcherFitTest {

  private final WeightWatcherFit fitter = new WeightWatcherFit();

  /**
   * weightwatcher-spec §3.16(a) "fitter-only golden": 300 Pareto quantiles (α = 3, xmin = 1) plus
   * linspace(0.05, 0.95, 700); WWFit and powerlaw 1.5 both give these numbers.
   */
  @Test
  void reproducesTheFitterOnlyGolden() throws FitException {
    double[] data = new double[1000];
    for (int k = 0; k < 300; k++) {
      data[k] = Math.pow(1 - (k + 0.5) / 300, -0.5);
    }
    for (int k = 0; k < 700; k++) {
      data[300 + k] = 0.05 + k * (0.95 - 0.05) / 699;
    }
    Arrays.sort(data);
    PowerLawFit fit = fitter.fit(data);
    assertEquals(3.0056616608, fit.alpha(), 1e-9);
    assertEquals(1.0008343764, fit.xmin(), 1e-9);
    assertEquals(0.0022425962, fit.d(), 1e-9);
    assertEquals(0.1157969300, fit.sigma().orElseThrow(), 1e-9);
    assertEquals(300, fit.tailSize());
    assertEquals(300, fit.numPlSpikes());
    assertEquals(data[999], fit.xmax());
  }

  /** The pruned search must choose exactly what WWFit's full O(n²) scan chooses. */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  void prunedSearchEqualsTheFullScan(int seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int n = 50 + random.nextInt(1500);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = switch (seed % 4) {
        case 0 -> Math.pow(random.nextDouble(), -1.0 / (0.5 + 3 * random.nextDouble() + 0.1)); // Pareto
        case 1 -> Math.exp(random.nextGaussian()); // log-normal
        case 2 -> 1e-3 + random.nextDouble(); // uniform, no tail
        default -> Math.round(Math.pow(random.nextDouble(), -0.7) * 4) / 4.0 + 0.25; // many ties
      };
    }
    Arrays.sort(x);
    WeightWatcherFit.Candidate fast = WeightWatcherFit.fitTail(x);
    WeightWatcherFit.Candidate full = fullScan(x);
    assertEquals(full.index(), fast.index(), "chosen xmin index");
    // α differs only by summation rounding (compensated suffix sums here, a plain sum there)
    assertEquals(full.d(), fast.d(), 1e-12 * full.d());
    assertEquals(full.alpha(), fast.alpha(), 1e-12 * full.alpha());
  }

  /** WWFit as written: every candidate scanned in full, first minimum wins. */
  private static WeightWatcherFit.Candidate fullScan(double[] x) {
    int n = x.length;
    int bestIndex = -1;
    double bestD = Double.POSITIVE_INFINITY;
    double bestAlpha = Double.NaN;
    for (int i = 0; i < n - 1; i++) {
      double tail = n - i;
      double sum = 0;
      for (int k = i; k < n; k++) {
        sum += Math.log(x[k]);
      }
      double alpha = 1 + tail / (sum - tail * Math.log(x[i]));
      double d = 1;
      if (alpha > 1) {
        d = 0;
        for (int k = i; k < n; k++) {
          double ratio = x[k] / x[i];
          double f = ratio == 1 ? 0 : 1 - Math.pow(ratio, 1 - alpha);
          d = Math.max(d, Math.abs(f - (k - i) / tail));
        }
      }
      if (d < bestD) {
        bestD = d;
        bestIndex = i;
        bestAlpha = alpha;
      }
    }
    return new WeightWatcherFit.Candidate(bestIndex, x[bestIndex], bestAlpha, bestD);
  }

  /** Seeded Pareto samples with density ∝ x^(−α): the fit recovers α within ~2σ. */
  @ParameterizedTest
  @ValueSource(doubles = {1.5, 2.0, 2.5, 3.0, 4.0})
  void recoversAlphaFromParetoSamples(double alpha) throws FitException {
    int withinOneSigma = 0;
    int trials = 20;
    for (int seed = 0; seed < trials; seed++) {
      SplittableRandom random = new SplittableRandom(1000L * seed + (long) (alpha * 10));
      double[] x = new double[2000];
      for (int i = 0; i < x.length; i++) {
        x[i] = Math.pow(1 - random.nextDouble(), -1 / (alpha - 1));
      }
      Arrays.sort(x);
      PowerLawFit fit = fitter.fit(x);
      double error = Math.abs(fit.alpha() - alpha);
      assertTrue(error < 3 * fit.sigma().orElseThrow(), "seed " + seed + ": alpha " + fit.alpha() + " sigma " + fit.sigma().orElseThrow());
      if (error < fit.sigma().orElseThrow()) {
        withinOneSigma++;
      }
    }
    // σ is a standard error: roughly two thirds of seeds lie within one σ
    assertTrue(withinOneSigma >= trials / 2, withinOneSigma + " of " + trials + " within one sigma");
  }

  @Test
  void leavesOutEigenvaluesAtOrBelowTheThreshold() throws FitException {
    double[] withZeros = {0, 0, 1e-6, 1e-5, 1, 2, 3, 5, 8, 13, 21, 34};
    double[] positive = {1, 2, 3, 5, 8, 13, 21, 34};
    PowerLawFit a = fitter.fit(withZeros);
    PowerLawFit b = fitter.fit(positive);
    assertEquals(b.alpha(), a.alpha());
    assertEquals(b.xmin(), a.xmin());
    assertEquals(b.numPlSpikes(), a.numPlSpikes());
  }

  @Test
  void failsWithFewerThanTwoPositiveEigenvalues() {
    FitException e = assertThrows(FitException.class, () -> fitter.fit(new double[] {0, 0, 1e-7, 4}));
    assertTrue(e.getMessage().contains("found 1"), e.getMessage());
  }

  @Test
  void warningFollowsWeightWatcherThresholds() {
    assertEquals("over-trained", PowerLawFit.powerLaw("ww", 1.9, 1, 2, 0.1, 3, 3).warning());
    assertEquals("", PowerLawFit.powerLaw("ww", 2.0, 1, 2, 0.1, 3, 3).warning());
    assertEquals("", PowerLawFit.powerLaw("ww", 6.0, 1, 2, 0.1, 3, 3).warning());
    assertEquals("under-trained", PowerLawFit.powerLaw("ww", 6.1, 1, 2, 0.1, 3, 3).warning());
  }
}
