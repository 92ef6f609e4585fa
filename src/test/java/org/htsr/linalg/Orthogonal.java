package org.htsr.linalg;

import java.util.SplittableRandom;

/** Test matrices with prescribed singular values, from products of random Householder reflections. */
final class Orthogonal {

  private Orthogonal() {}

  /** W (rows×cols, column-major) = U·diag(s)·Vᵀ with random orthogonal U, V; s has min(rows, cols) entries. */
  static DenseMatrix withSingularValues(int rows, int cols, double[] s, SplittableRandom random) {
    double[] w = new double[rows * cols];
    for (int i = 0; i < s.length; i++) {
      w[i + i * rows] = s[i];
    }
    for (int k = 0; k < 3; k++) {
      reflectRows(w, rows, cols, unitVector(rows, random));
      reflectCols(w, rows, cols, unitVector(cols, random));
    }
    return new DenseMatrix(rows, cols, w);
  }

  private static double[] unitVector(int n, SplittableRandom random) {
    double[] v = new double[n];
    double norm = 0;
    for (int i = 0; i < n; i++) {
      v[i] = random.nextGaussian();
      norm += v[i] * v[i];
    }
    norm = Math.sqrt(norm);
    for (int i = 0; i < n; i++) {
      v[i] /= norm;
    }
    return v;
  }

  /** W ← (I − 2vvᵀ)·W */
  private static void reflectRows(double[] w, int rows, int cols, double[] v) {
    for (int j = 0; j < cols; j++) {
      double dot = 0;
      for (int i = 0; i < rows; i++) {
        dot += v[i] * w[i + j * rows];
      }
      for (int i = 0; i < rows; i++) {
        w[i + j * rows] -= 2 * dot * v[i];
      }
    }
  }

  /** W ← W·(I − 2vvᵀ) */
  private static void reflectCols(double[] w, int rows, int cols, double[] v) {
    for (int i = 0; i < rows; i++) {
      double dot = 0;
      for (int j = 0; j < cols; j++) {
        dot += w[i + j * rows] * v[j];
      }
      for (int j = 0; j < cols; j++) {
        w[i + j * rows] -= 2 * dot * v[j];
      }
    }
  }
}
