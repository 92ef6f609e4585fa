package org.htsr.linalg;

/**
 * A dense matrix in column-major order, the layout LAPACK expects. Element (i, j) is
 * {@code data[i + j*rows]}. The array is shared, not copied.
 */
public record DenseMatrix(int rows, int cols, double[] data) {

  public DenseMatrix {
    if (rows < 1 || cols < 1 || (long) rows * cols != data.length) {
      throw new IllegalArgumentException(
          "a " + rows + "x" + cols + " matrix needs " + (long) rows * cols + " values, got " + data.length);
    }
  }

  /** The smaller dimension: the number of eigenvalues of WᵀW that are not structural zeros. */
  public int minDim() {
    return Math.min(rows, cols);
  }

  /** The larger dimension (WeightWatcher's N). */
  public int maxDim() {
    return Math.max(rows, cols);
  }

  /** Multiply-adds of its Gram matrix by dsyrk, M²·N: what decides threads and the off-heap route. */
  double gramFlops() {
    return gramFlops(minDim(), maxDim());
  }

  /** Multiply-adds of an m×m Gram matrix summed over {@code k} vectors. */
  static double gramFlops(int m, int k) {
    return (double) m * m * k;
  }

  /** Σ w², the squared Frobenius norm. */
  public double frobeniusSquared() {
    double s = 0;
    for (double v : data) {
      s += v * v;
    }
    return s;
  }
}
