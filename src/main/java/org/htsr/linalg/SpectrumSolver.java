package org.htsr.linalg;

/**
 * Computes all eigenvalues of WᵀW (equivalently the squared singular values of W) for one dense
 * matrix. Implementations differ in speed and in how accurately they resolve the smallest
 * eigenvalues, which {@link #zeroThreshold} makes explicit.
 */
public interface SpectrumSolver extends RankTolerance {

  /** Stable name, stored in the {@code solver} column. */
  String name();

  /** The {@code solver} column for this matrix, where the route depends on its size (the LAPACK driver). */
  default String name(DenseMatrix w) {
    return name();
  }

  /**
   * The min(rows, cols) eigenvalues of WᵀW, ascending and non-negative. Does not modify {@code w}.
   *
   * @throws SpectrumException when LAPACK reports a failure
   */
  double[] eigenvalues(DenseMatrix w) throws SpectrumException;

  /**
   * {@code w} as far as this solver takes one matrix alone: solved, or reduced to a tridiagonal
   * matrix whose eigenvalues {@link Reductions#solveAll} finds together with other layers'.
   * Solved, it gives {@link #eigenvalues} bit for bit. Does not modify {@code w}.
   */
  default Reduction reduce(DenseMatrix w) throws SpectrumException {
    return new Reduction.Solved(eigenvalues(w));
  }
}
