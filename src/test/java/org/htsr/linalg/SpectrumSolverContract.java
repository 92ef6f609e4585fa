package org.htsr.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What every {@link SpectrumSolver} must do. Matrices are built as W = U·diag(s)·Vᵀ from random
 * orthogonal factors, so the exact eigenvalues s² are known.
 */
abstract class SpectrumSolverContract {

  abstract SpectrumSolver solver();

  /** Absolute error allowed on eigenvalues, relative to λmax. */
  abstract double eigenvalueTolerance();

  @ParameterizedTest
  @CsvSource({"1, 1", "5, 1", "1, 5", "40, 40", "120, 30", "30, 120", "257, 64"})
  void findsKnownEigenvaluesOfAnyShape(int rows, int cols) throws SpectrumException {
    SplittableRandom random = new SplittableRandom(rows * 1000L + cols);
    int m = Math.min(rows, cols);
    double[] s = new double[m];
    for (int i = 0; i < m; i++) {
      s[i] = 0.1 + 10 * random.nextDouble();
    }
    DenseMatrix w = Orthogonal.withSingularValues(rows, cols, s, random);
    double[] before = w.data().clone();
    double[] lambda = solver().eigenvalues(w);
    assertArrayEquals(before, w.data(), "the solver must not modify its input");
    double[] expected = squaredAscending(s);
    assertEquals(m, lambda.length);
    double tol = eigenvalueTolerance() * expected[m - 1];
    for (int i = 0; i < m; i++) {
      assertEquals(expected[i], lambda[i], tol, "eigenvalue " + i);
    }
  }

  /** A reduction solved later, beside others, gives the eigenvalues bit for bit. */
  @Test
  void aReductionSolvedLaterGivesTheSameBits() throws SpectrumException {
    SplittableRandom random = new SplittableRandom(3);
    java.util.List<Reduction> reductions = new java.util.ArrayList<>();
    java.util.List<double[]> expected = new java.util.ArrayList<>();
    for (int[] shape : new int[][] {{90, 40}, {40, 90}, {64, 64}, {1, 7}}) {
      double[] data = new double[shape[0] * shape[1]];
      for (int i = 0; i < data.length; i++) {
        data[i] = random.nextGaussian();
      }
      DenseMatrix w = new DenseMatrix(shape[0], shape[1], data);
      expected.add(solver().eigenvalues(w));
      double[] before = data.clone();
      reductions.add(solver().reduce(w));
      assertArrayEquals(before, w.data(), "reduce must not modify its input");
    }
    java.util.List<Reduction> solved = Reductions.solveAll(reductions);
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), solved.get(i).eigenvalues(), "matrix " + i);
    }
  }

  @Test
  void eigenvaluesSumToTheSquaredFrobeniusNorm() throws SpectrumException {
    SplittableRandom random = new SplittableRandom(7);
    double[] data = new double[300 * 200];
    for (int i = 0; i < data.length; i++) {
      data[i] = random.nextGaussian();
    }
    DenseMatrix w = new DenseMatrix(300, 200, data);
    double sum = 0;
    for (double v : solver().eigenvalues(w)) {
      sum += v;
    }
    assertEquals(w.frobeniusSquared(), sum, 1e-12 * sum);
  }

  @Test
  void eigenvaluesAreAscendingAndNonNegative() throws SpectrumException {
    SplittableRandom random = new SplittableRandom(11);
    double[] s = new double[50];
    for (int i = 0; i < 25; i++) {
      s[i] = 1 + random.nextDouble();
    }
    // half the singular values exactly zero: a rank-deficient matrix
    DenseMatrix w = Orthogonal.withSingularValues(80, 50, s, random);
    double[] lambda = solver().eigenvalues(w);
    for (int i = 0; i < lambda.length; i++) {
      assertTrue(lambda[i] >= 0, "λ" + i + " = " + lambda[i]);
      if (i > 0) {
        assertTrue(lambda[i] >= lambda[i - 1]);
      }
    }
  }

  /** Numerically zero eigenvalues of a rank-deficient matrix fall at or below the zero threshold. */
  @Test
  void zeroThresholdSeparatesTheNullSpace() throws SpectrumException {
    SplittableRandom random = new SplittableRandom(13);
    double[] s = new double[64];
    for (int i = 0; i < 16; i++) {
      s[i] = 1 + random.nextDouble();
    }
    DenseMatrix w = Orthogonal.withSingularValues(256, 64, s, random);
    double[] lambda = solver().eigenvalues(w);
    double zero = solver().zeroThreshold(lambda[lambda.length - 1], 256);
    int rank = 0;
    for (double v : lambda) {
      if (v > zero) {
        rank++;
      }
    }
    assertEquals(16, rank);
  }

  static double[] squaredAscending(double[] s) {
    double[] out = new double[s.length];
    for (int i = 0; i < s.length; i++) {
      out[i] = s[i] * s[i];
    }
    java.util.Arrays.sort(out);
    return out;
  }
}
