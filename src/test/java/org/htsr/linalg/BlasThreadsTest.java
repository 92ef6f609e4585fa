package org.htsr.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.bytedeco.openblas.global.openblas_full;
import org.junit.jupiter.api.Test;

/** Tasks share the cores: a task alone gets all of them, two tasks on two cores one each. */
class BlasThreadsTest {

  @Test
  void aLoneTaskGetsEveryCoreAndTwoTasksShareThem() {
    assumeTrue(NativeLibraries.hasLapacke(), "needs the bundled OpenBLAS: " + NativeLibraries.describe());
    try (BlasThreads.Lease first = BlasThreads.enter(4)) {
      assertEquals(4, BlasThreads.threads());
      assertEquals(4, openblas_full.openblas_get_num_threads(), "OpenBLAS itself was told");
      try (BlasThreads.Lease second = BlasThreads.enter(4)) {
        assertEquals(2, BlasThreads.threads());
        assertEquals(2, openblas_full.openblas_get_num_threads());
        try (BlasThreads.Lease third = BlasThreads.enter(4)) {
          assertEquals(1, BlasThreads.threads(), "never fewer than one thread");
        }
      }
      assertEquals(4, BlasThreads.threads(), "a finished task's cores go back to the one still running");
    }
    try (BlasThreads.Lease one = BlasThreads.enter(1)) {
      assertEquals(4, BlasThreads.threads(), "a single-core budget leaves OpenBLAS as it is");
    }
  }

  @Test
  void eigenvaluesAreTheSameWithMoreThreads() throws Exception {
    assumeTrue(NativeLibraries.hasLapacke(), "needs the bundled OpenBLAS");
    java.util.SplittableRandom random = new java.util.SplittableRandom(3);
    int n = 600;
    double[] w = new double[n * 900];
    for (int i = 0; i < w.length; i++) {
      w[i] = random.nextDouble() - 0.5;
    }
    DenseMatrix matrix = new DenseMatrix(n, 900, w);
    double[] single;
    try (BlasThreads.Lease a = BlasThreads.enter(2); BlasThreads.Lease b = BlasThreads.enter(2)) {
      single = new GramEigenSolver().eigenvalues(matrix);
    }
    double[] shared;
    try (BlasThreads.Lease alone = BlasThreads.enter(2)) {
      shared = new GramEigenSolver().eigenvalues(matrix);
    }
    double lambdaMax = single[n - 1];
    for (int i = 0; i < n; i++) {
      assertEquals(single[i], shared[i], 1e-12 * lambdaMax, "eigenvalue " + i);
    }
  }
}
