package org.htsr.linalg;

import dev.ludovic.netlib.lapack.LAPACK;
import org.netlib.util.intW;

/** Eigenvalues of a symmetric matrix by LAPACK dsyevd('N'), with workspace query. */
final class SymmetricEigen {

  private SymmetricEigen() {}

  /**
   * Eigenvalues, ascending, of the symmetric n×n matrix whose upper triangle is in {@code a}
   * (column-major); {@code a} is destroyed. Negative values (rounding noise of a PSD matrix) are
   * clamped to 0.
   */
  static double[] eigenvaluesInPlace(LAPACK lapack, double[] a, int n) throws SpectrumException {
    double[] w = new double[n];
    double[] workQuery = new double[1];
    int[] iworkQuery = new int[1];
    intW info = new intW(0);
    lapack.dsyevd("N", "U", n, a, Math.max(1, n), w, workQuery, -1, iworkQuery, -1, info);
    if (info.val != 0) {
      throw new SpectrumException("dsyevd workspace query failed, info=" + info.val);
    }
    int lwork = Math.max((int) workQuery[0], 2 * n + 1);
    int liwork = Math.max(iworkQuery[0], 1);
    lapack.dsyevd("N", "U", n, a, Math.max(1, n), w, new double[lwork], lwork, new int[liwork], liwork, info);
    if (info.val != 0) {
      throw new SpectrumException("dsyevd did not converge, info=" + info.val + " (n=" + n + ")");
    }
    for (int i = 0; i < n; i++) {
      if (w[i] < 0) {
        w[i] = 0;
      }
    }
    return w;
  }
}
