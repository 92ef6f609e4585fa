package org.htsr.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Readers#allFinite}: the branch-free check that every tensor element is finite. */
class AllFiniteTest {

  private static final double[] NOT_FINITE = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};

  @Test
  void finiteExtremesAndSignedZerosAreFinite() {
    assertTrue(Readers.allFinite(new double[0]));
    assertTrue(Readers.allFinite(new double[] {-0.0}));
    assertTrue(Readers.allFinite(new double[] {Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, -Double.MIN_VALUE, -0.0, 0.0, 1e308, -1e-310}));
  }

  @Test
  void oneBadElementAnywhereIsFound() {
    // every position of every length up to 9, so both sums and the odd tail are covered
    for (int n = 1; n <= 9; n++) {
      for (int at = 0; at < n; at++) {
        for (double bad : NOT_FINITE) {
          double[] values = new double[n];
          Arrays.fill(values, -2.5);
          values[at] = bad;
          assertFalse(Readers.allFinite(values), bad + " at " + at + " of " + n);
        }
      }
    }
  }

  @Test
  void agreesWithDoubleIsFiniteOnRandomArrays() {
    Random random = new Random(13);
    for (int trial = 0; trial < 2_000; trial++) {
      double[] values = new double[random.nextInt(64)];
      for (int i = 0; i < values.length; i++) {
        values[i] = random.nextInt(50) == 0 ? NOT_FINITE[random.nextInt(3)] : Double.longBitsToDouble(random.nextLong());
      }
      boolean expected = Arrays.stream(values).allMatch(Double::isFinite);
      assertEquals(expected, Readers.allFinite(values), Arrays.toString(values));
    }
  }
}
