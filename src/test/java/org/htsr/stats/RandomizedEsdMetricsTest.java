package org.htsr.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.htsr.model.RandomizedEsd;
import org.junit.jupiter.api.Test;

class RandomizedEsdMetricsTest {

  /**
   * WeightWatcher's {@code jensen_shannon_distance} run with SciPy 1.17.1 ({@code scipy.stats.entropy});
   * the second pair has different sums and a zero entry. The divergence is a sum of nearly
   * cancelling terms, so the last digits differ with summation order: 1e-12 relative.
   */
  @Test
  void jensenShannonDistanceMatchesWeightWatchersFunction() {
    assertEquals(0.07388433706512734,
        RandomizedEsdMetrics.jensenShannonDistance(new double[] {0.1, 0.5, 1.0, 2.5}, new double[] {0.2, 0.4, 1.1, 2.0}), 1e-13);
    assertEquals(0.19429653295610202,
        RandomizedEsdMetrics.jensenShannonDistance(new double[] {0.0, 0.5, 1.0, 2.5}, new double[] {0.2, 0.4, 1.1, 7.0}), 2e-13);
    assertEquals(0.0, RandomizedEsdMetrics.jensenShannonDistance(new double[] {1, 2, 3}, new double[] {1, 2, 3}));
  }

  @Test
  void replicasFollowWeightWatchersRule() {
    assertEquals(5, RandomizedEsdMetrics.replicaCount(99));
    assertEquals(1, RandomizedEsdMetrics.replicaCount(100));
  }

  @Test
  void shuffleIsASeededPermutation() {
    double[] values = new double[1000];
    for (int i = 0; i < values.length; i++) {
      values[i] = i;
    }
    double[] a = values.clone();
    double[] b = values.clone();
    Shuffles.shuffle(a, new SplittableRandom(7));
    Shuffles.shuffle(b, new SplittableRandom(7));
    assertArrayEquals(a, b);
    assertNotEquals(Arrays.toString(values), Arrays.toString(a));
    double[] sorted = a.clone();
    Arrays.sort(sorted);
    assertArrayEquals(values, sorted);
  }

  /** Uniform permutations: each value visits each position about equally often. */
  @Test
  void shuffleIsUniform() {
    int n = 5;
    int trials = 50_000;
    int[][] counts = new int[n][n];
    SplittableRandom random = new SplittableRandom(3);
    for (int t = 0; t < trials; t++) {
      double[] v = {0, 1, 2, 3, 4};
      Shuffles.shuffle(v, random);
      for (int pos = 0; pos < n; pos++) {
        counts[(int) v[pos]][pos]++;
      }
    }
    // each count is Binomial(50000, 1/5): sd 89; 6 sd bound
    for (int[] row : counts) {
      for (int c : row) {
        assertEquals(trials / n, c, 540);
      }
    }
  }

  @Test
  void computesTheColumnsFromTheirDefinitions() throws FitException {
    double[] lambda = MarchenkoPasturFitTest.gaussianEsd(300, 60, new SplittableRandom(1));
    List<double[]> replicas = List.of(
        MarchenkoPasturFitTest.gaussianEsd(300, 60, new SplittableRandom(2)),
        MarchenkoPasturFitTest.gaussianEsd(300, 60, new SplittableRandom(3)));
    double[] single = MarchenkoPasturFitTest.gaussianEsd(300, 60, new SplittableRandom(4));
    RandomizedEsd r = RandomizedEsdMetrics.compute(lambda, replicas, single, 300, 60, 42);
    assertEquals(42, r.randSeed());
    assertEquals(120, r.randomizedEigenvalues().length);
    assertEquals(Math.max(replicas.get(0)[59], replicas.get(1)[59]), r.maxRandEval());
    assertEquals(single[59] / lambda[59], r.wwSoftrank());
    assertEquals(lambda[59] - single[59], r.wwMaxdist());
    assertEquals(RandomizedEsdMetrics.jensenShannonDistance(lambda, single), r.randDistance());
    assertEquals(MarchenkoPasturFit.fit(r.randomizedEigenvalues(), 300, 60), r.randMpFit());
  }

  @Test
  void rejectsMismatchedLengths() {
    double[] lambda = {1, 2, 3};
    assertThrows(IllegalArgumentException.class,
        () -> RandomizedEsdMetrics.compute(lambda, List.of(new double[] {1, 2}), lambda, 6, 3, 0));
    assertThrows(IllegalArgumentException.class,
        () -> RandomizedEsdMetrics.compute(lambda, List.of(), lambda, 6, 3, 0));
  }
}
