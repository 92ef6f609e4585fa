package org.htsr.stats;

import java.util.SplittableRandom;

/**
 * Seeded shuffles of a layer's entries, for the randomized ESD: WeightWatcher shuffles each of a
 * layer's matrices (after conv scaling) with an unseeded {@code np.random.shuffle}; htsr draws the
 * same uniform permutation from a seed, so a run can be repeated.
 */
public final class Shuffles {

  private Shuffles() {}

  /**
   * Fisher–Yates (Durstenfeld) in place: for i from n−1 down to 1, swap element i with a uniform
   * index in [0, i]. Every permutation is equally likely.
   */
  public static void shuffle(double[] values, SplittableRandom random) {
    for (int i = values.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      double t = values[i];
      values[i] = values[j];
      values[j] = t;
    }
  }
}
