package org.htsr.linalg;

/**
 * A matrix on its way to its eigenvalues ({@link SpectrumSolver#reduce}): reduced to a symmetric
 * tridiagonal matrix whose eigenvalues are still to be found, or already solved (or failed).
 * Tridiagonal ones are solved together, two at a time ({@link Reductions#solveAll}).
 */
public sealed interface Reduction {

  /**
   * The eigenvalues, ascending and clamped at 0, of a solved reduction.
   *
   * @throws SpectrumException when it failed
   * @throws IllegalStateException for a tridiagonal one: solve it first
   */
  double[] eigenvalues() throws SpectrumException;

  /** A symmetric tridiagonal matrix: n diagonal elements, n − 1 off the diagonal (not squared). */
  record Tridiagonal(double[] diagonal, double[] offDiagonal) implements Reduction {
    public Tridiagonal {
      if (offDiagonal.length != Math.max(0, diagonal.length - 1)) {
        throw new IllegalArgumentException(diagonal.length + " diagonal elements need " + Math.max(0, diagonal.length - 1)
            + " off the diagonal, got " + offDiagonal.length);
      }
    }

    @Override
    public double[] eigenvalues() {
      throw new IllegalStateException("a tridiagonal reduction has no eigenvalues until it is solved (Reductions.solveAll)");
    }
  }

  /** Eigenvalues already computed (ascending, clamped at 0). */
  record Solved(double[] values) implements Reduction {
    @Override
    public double[] eigenvalues() {
      return values;
    }
  }

  /** A solve that failed, with LAPACK's reason. */
  record Failed(String message) implements Reduction {
    @Override
    public double[] eigenvalues() throws SpectrumException {
      throw new SpectrumException(message);
    }
  }
}
