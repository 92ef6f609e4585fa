package org.htsr.linalg;

import dev.ludovic.netlib.blas.BLAS;
import java.util.SplittableRandom;

/** Test matrices for the eigenvalue routines: Gram matrices with a few spikes. */
final class SpikedGram {

  private SpikedGram() {}

  /** WᵀW (n×n, column-major) of a k×n Gaussian W whose every 97th entry is 25× larger (spikes). */
  static double[] of(int n, int k, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] w = new double[k * n];
    for (int i = 0; i < w.length; i++) {
      w[i] = random.nextGaussian() * (i % 97 == 0 ? 25 : 1);
    }
    double[] g = new double[n * n];
    BLAS.getInstance().dgemm("T", "N", n, n, k, 1.0, w, k, w, k, 0.0, g, n);
    return g;
  }
}
