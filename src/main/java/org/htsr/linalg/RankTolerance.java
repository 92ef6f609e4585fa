package org.htsr.linalg;

/** How small an eigenvalue a route can tell from zero: the tolerance of matrix_rank. */
@FunctionalInterface
public interface RankTolerance {

  /**
   * The largest eigenvalue indistinguishable from zero, for a matrix whose largest eigenvalue is
   * {@code lambdaMax} and whose larger dimension is {@code n}. matrix_rank counts eigenvalues
   * strictly above it.
   */
  double zeroThreshold(double lambdaMax, long n);
}
