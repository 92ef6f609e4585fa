package org.htsr.testing;

import java.util.SplittableRandom;

/** Seeded test values, the same on every machine. */
public final class RandomValues {

  private RandomValues() {}

  /** {@code n} standard normal values from {@code new SplittableRandom(seed)}. */
  public static double[] gaussian(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextGaussian();
    }
    return v;
  }
}
