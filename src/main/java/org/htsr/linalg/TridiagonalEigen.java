package org.htsr.linalg;

import dev.ludovic.netlib.lapack.LAPACK;
import java.util.function.IntToDoubleFunction;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.openblas.global.openblas;
import org.netlib.util.intW;

/**
 * {@link EigenDriver#DSYTRD_DSTERF}: what {@code dsyevd('N')} computes, as its two calls — the
 * one-stage reduction {@code dsytrd}, then {@code dsterf} on the tridiagonal matrix — without its
 * norm scan and with narrower panels. At n = 256 (the zoo's layers) {@code dsyevd} takes 2.0 ms,
 * of which 0.14 ms is {@code dlansy('M')} calling {@code disnan} once per element, only to decide
 * whether to scale; with ILAENV's 32-wide panels the two calls give {@code dsyevd}'s bits, and
 * 16-wide ones make {@code dsytrd} 0.95 → 0.83 ms at 256, 5.9 → 5.4 ms at 512 and 39 → 38 ms at
 * 1024 (docs/benchmarks.md P), changing eigenvalues by about 2e-15·λmax.
 *
 * <p>dsytrd runs through netlib on the heap and through LAPACKE off it (big layers); either way
 * the tridiagonal matrix is a {@link Reduction.Tridiagonal}, whose eigenvalues {@link
 * PalWalkerKahan}, dsterf in Java, finds ({@link Reductions}; two at a time where a task has two).
 * A matrix {@code dsyevd} would scale first (its largest element below √(safmin/ε) = 2⁻⁴⁸⁵ or above
 * 2⁴⁸⁵, or NaN) goes to {@code dsyevd} itself.
 */
final class TridiagonalEigen {

  /** dsytrd's panel width: its block size is min(ILAENV's 32, lwork / n). */
  static final int PANEL = 16;
  /** The panel width ILAENV gives dsytrd, which dsyevd uses: the two calls then give its bits. */
  static final int DSYEVD_PANEL = 32;

  /** dsyevd scales a matrix whose largest |element| is below this, √(dlamch('S')/dlamch('P')) … */
  static final double SCALED_BELOW = Math.sqrt(Double.MIN_NORMAL / Precision.EPSILON);
  /** … or above this, its inverse. */
  static final double SCALED_ABOVE = 1 / SCALED_BELOW;

  private TridiagonalEigen() {}

  /**
   * dsytrd of the symmetric n×n matrix whose {@link GramTriangle} is in {@code a} (column-major,
   * destroyed), through netlib, with panels {@code panel} wide: its tridiagonal matrix, whose
   * eigenvalues dsterf finds ({@link Reductions}); or, for a matrix dsyevd would scale first,
   * dsyevd's eigenvalues (clamped at 0).
   */
  static Reduction reduce(LAPACK lapack, double[] a, int n, int panel) throws SpectrumException {
    if (n == 0) {
      return new Reduction.Solved(new double[0]);
    }
    if (!dsyevdLeavesGramUnscaled(i -> a[i], n)) {
      return new Reduction.Solved(SymmetricEigen.clamped(SymmetricEigen.netlib(lapack, a, n)));
    }
    double[] d = new double[n];
    double[] e = new double[Math.max(1, n - 1)];
    double[] tau = new double[Math.max(1, n - 1)];
    int lwork = n * panel;
    intW info = new intW(0);
    lapack.dsytrd(GramTriangle.NETLIB, n, a, n, d, e, tau, new double[lwork], lwork, info);
    if (info.val != 0) {
      throw new SpectrumException("dsytrd failed, info=" + info.val + " (n=" + n + ")");
    }
    return new Reduction.Tridiagonal(d, n == 1 ? new double[0] : e);
  }

  /** The same off the heap, through LAPACKE ({@code matrix} destroyed); needs the bundled OpenBLAS. */
  static Reduction offHeap(DoublePointer matrix, int n, int panel) throws SpectrumException {
    if (n == 0) {
      return new Reduction.Solved(new double[0]);
    }
    if (!dsyevdLeavesGramUnscaled(matrix.asBuffer()::get, n)) {
      return new Reduction.Solved(SymmetricEigen.clamped(SymmetricEigen.offHeapDsyevd(matrix, n)));
    }
    int lwork = n * panel;
    try (DoublePointer d = new DoublePointer(n);
        DoublePointer e = new DoublePointer(Math.max(1, n - 1));
        DoublePointer tau = new DoublePointer(Math.max(1, n - 1));
        DoublePointer work = new DoublePointer(lwork)) {
      int info = openblas.LAPACKE_dsytrd_work(openblas.LAPACK_COL_MAJOR, GramTriangle.LAPACKE, n, matrix, n, d, e, tau, work, lwork);
      if (info != 0) {
        throw new SpectrumException("dsytrd failed, info=" + info + " (n=" + n + ")");
      }
      double[] diagonal = new double[n];
      double[] offDiagonal = new double[n - 1];
      d.get(diagonal);
      e.get(offDiagonal);
      return new Reduction.Tridiagonal(diagonal, offDiagonal);
    }
  }

  /**
   * Whether dsyevd would leave unscaled the n×n Gram matrix whose column-major elements {@code
   * element} reads (on the heap or off it). Its diagonal decides when it lies well inside dsyevd's
   * range: an element of a positive semidefinite matrix is at most √(g_ii·g_jj), so its largest
   * one is the diagonal's (a Gram matrix's rounding adds a relative k·ε at most, far below the
   * factor 2 kept from the upper end). Otherwise every element of its triangle does, as
   * dlansy('M'): a scan of n elements instead of n²/2 (0.04 ms at n = 256).
   */
  static boolean dsyevdLeavesGramUnscaled(IntToDoubleFunction element, int n) {
    double diagonal = 0;
    for (int j = 0; j < n; j++) {
      diagonal = larger(diagonal, Math.abs(element.applyAsDouble(j + j * n)));
    }
    if (diagonal >= SCALED_BELOW && diagonal <= SCALED_ABOVE / 2) {
      return true;
    }
    return dsyevdLeavesUnscaled(maxAbsInTriangle(element, n));
  }

  /** Whether dsyevd would leave a matrix with this largest |element| unscaled (false for NaN). */
  static boolean dsyevdLeavesUnscaled(double maxAbs) {
    return maxAbs == 0 || (maxAbs >= SCALED_BELOW && maxAbs <= SCALED_ABOVE);
  }

  /** dlansy('M') of the lower triangle: its largest |element|, NaN if it holds one. */
  static double maxAbsInTriangle(IntToDoubleFunction element, int n) {
    double max = 0;
    for (int j = 0; j < n; j++) {
      for (int i = j + j * n, end = (j + 1) * n; i < end; i++) {
        max = larger(max, Math.abs(element.applyAsDouble(i)));
      }
    }
    return max;
  }

  /** The larger of the two, NaN once either is (dlansy's DISNAN test). */
  private static double larger(double max, double v) {
    return v <= max || Double.isNaN(max) ? max : v;
  }
}
