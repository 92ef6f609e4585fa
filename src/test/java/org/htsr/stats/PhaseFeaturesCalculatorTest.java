package org.htsr.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import org.htsr.model.MpFit;
import org.htsr.model.PhaseFeatures;
import org.htsr.model.PowerLawFit;
import org.junit.jupiter.api.Test;

class PhaseFeaturesCalculatorTest {

  /**
   * Eigenvalues at the MP(σ² = 0.7, Q = 3) quantiles plus three spikes: σ_bulk and σ_robust
   * recover σ² exactly (in rescaled units), the spikes are counted where they are, and the
   * edges and TW scale follow from σ_bulk.
   */
  @Test
  void featuresOfAnIdealSpikedSpectrum() {
    double q = 3;
    int m = 300;
    MarchenkoPastur law = MarchenkoPastur.of(q, 0.7);
    double[] lambda = new double[m];
    for (int i = 0; i < m - 3; i++) {
      lambda[i] = law.quantile((i + 0.5) / (m - 3));
    }
    lambda[m - 3] = 1.2 * law.lambdaPlus(); // at the edge, beyond τ
    lambda[m - 2] = 3 * law.lambdaPlus(); // far
    lambda[m - 1] = 5 * law.lambdaPlus(); // far
    Arrays.sort(lambda);
    PhaseFeatures f = PhaseFeaturesCalculator.compute(lambda, 900, m, 0, Optional.empty(), Optional.empty());
    double mean = Eigenvalues.sum(lambda) / m;
    // the quantiles of 297 bulk values among 300 are shifted by 1%: σ² within 2%
    assertEquals(Math.sqrt(0.7 / mean), f.sigmaBulk(), 0.01 * f.sigmaBulk());
    double s2 = f.sigmaBulk() * f.sigmaBulk();
    assertEquals(s2 * Math.pow(1 + 1 / Math.sqrt(q), 2), f.lambdaPlus(), 1e-12);
    assertEquals(s2 * Math.pow(1 - 1 / Math.sqrt(q), 2), f.lambdaMinus(), 1e-12);
    assertEquals(MarchenkoPastur.tracyWidomScale(s2, q, m), f.tracyWidomScale(), 1e-15);
    assertEquals(f.lambdaPlus() + PhaseFeaturesCalculator.SPIKE_TW_MULTIPLE * f.tracyWidomScale(), f.spikeThreshold(), 1e-15);
    assertEquals(3, f.numOutliers());
    assertEquals(2, f.numFar());
    assertEquals(1, f.numBleeding());
    assertEquals(0.01, f.outlierFraction(), 1e-15);
    assertTrue(f.mpDistance() < 0.02, "D_MP " + f.mpDistance());
    assertEquals(f.lambdaPlus() / (lambda[m - 1] / mean), f.mpSoftrank(), 1e-12);
    assertEquals(Math.pow(1 + 1 / Math.sqrt(q), 2) / (lambda[m - 1] / mean), f.shuffleSoftrank(), 1e-12);
    assertEquals(0, f.nearZeroFraction());
    assertEquals(lambda[m - 1], f.lambdaMax());
    assertTrue(f.alpha().isEmpty() && f.sigmaMp().isEmpty());
  }

  /** Half the spectrum at exactly zero: f₀ = ½, and for Q = 1 the excess subtracts MP's own mass near 0. */
  @Test
  void nearZeroMassAgainstMarchenkoPastur() throws FitException {
    double[] lambda = MarchenkoPasturFitTest.gaussianEsd(512, 512, new SplittableRandom(2));
    PhaseFeatures clean = PhaseFeaturesCalculator.compute(lambda, 512, 512, 0, Optional.empty(), Optional.empty());
    MarchenkoPastur unit = MarchenkoPastur.of(1, 1);
    double expected = unit.cdf(PhaseFeaturesCalculator.NEAR_ZERO_RELATIVE * unit.quantile(0.75));
    assertEquals(expected, clean.nearZeroFraction() - clean.nearZeroExcess(), 1e-15);
    assertTrue(Math.abs(clean.nearZeroExcess()) < 0.02, "excess " + clean.nearZeroExcess());

    double[] collapsed = lambda.clone();
    Arrays.fill(collapsed, 0, 256, 0);
    PhaseFeatures f = PhaseFeaturesCalculator.compute(collapsed, 512, 512, 256, Optional.empty(), Optional.empty());
    assertTrue(f.nearZeroFraction() >= 0.5);
    assertEquals(256, f.rankLoss());
  }

  /** The fits' numbers are carried over as they are. */
  @Test
  void carriesTheFits() throws FitException {
    double[] lambda = MarchenkoPasturFitTest.gaussianEsd(600, 200, new SplittableRandom(5));
    MpFit mp = MarchenkoPasturFit.fit(lambda, 600, 200);
    PowerLawFit pl = new WeightWatcherFit().fit(lambda);
    PhaseFeatures f = PhaseFeaturesCalculator.compute(lambda, 600, 200, 0, Optional.of(mp), Optional.of(pl));
    assertEquals(mp.sigmaMp(), f.sigmaMp().getAsDouble());
    assertEquals(mp.robustSigma(), f.sigmaRobust(), 1e-12);
    assertEquals(pl.alpha(), f.alpha().getAsDouble());
    assertEquals(pl.d(), f.plDistance().getAsDouble());
    assertEquals(pl.tailSize(), f.tailSize().getAsInt());
  }

  @Test
  void quantilesAreNumpysLinear() {
    double[] x = {1, 2, 4, 8};
    assertEquals(1, Quantiles.linear(x, 0));
    assertEquals(8, Quantiles.linear(x, 1));
    assertEquals(2 + 0.5 * 2, Quantiles.linear(x, 0.5)); // h = 1.5
    assertEquals(4 + 0.25 * 4, Quantiles.linear(x, 0.75)); // h = 2.25
  }
}
