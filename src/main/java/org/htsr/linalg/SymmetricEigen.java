package org.htsr.linalg;

import dev.ludovic.netlib.lapack.LAPACK;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.openblas.global.openblas;
import org.netlib.util.intW;

/**
 * Eigenvalues of a symmetric matrix: from {@link EigenDriver#TWO_STAGE_FROM} up (bundled OpenBLAS)
 * the two-stage reduction off the Java heap ({@link BandReduction}, then LAPACKE's dsbevd_2stage),
 * so no Java array is pinned during the seconds it runs (netlib's JNI pins its arrays, which holds
 * the GC for the whole call); below, dsytrd and dsterf ({@link TridiagonalEigen}) through netlib on
 * the heap, which pins for milliseconds and copies nothing.
 */
final class SymmetricEigen {

  private SymmetricEigen() {}

  /** The driver {@link #eigenvaluesInPlace} uses for an n×n matrix on this JVM. */
  static EigenDriver driverFor(int n) {
    return EigenDriver.forOrder(n, NativeLibraries.hasLapacke());
  }

  /**
   * Eigenvalues, ascending, of the symmetric n×n matrix whose {@link GramTriangle} is in {@code a}
   * (column-major); {@code a} may be destroyed. Negative values (rounding noise of a PSD matrix)
   * are clamped to 0.
   */
  static double[] eigenvaluesInPlace(double[] a, int n) throws SpectrumException {
    return Reductions.eigenvalues(reduceInPlace(a, n));
  }

  /**
   * {@code a} as in {@link #eigenvaluesInPlace}, reduced to tridiagonal form by {@link
   * EigenDriver#DSYTRD_DSTERF}, or solved by the driver of its order.
   */
  static Reduction reduceInPlace(double[] a, int n) throws SpectrumException {
    EigenDriver driver = driverFor(n);
    if (driver != EigenDriver.DSYTRD_DSTERF) {
      return new Reduction.Solved(eigenvaluesOffHeap(driver, a, n)); // only LAPACKE has the two-stage drivers
    }
    // through netlib, on the heap: the same library instance and routines as LAPACKE's (bit for
    // bit, NativeLibrariesTest) without copying G
    try (BlasThreads.Lease cores = BlasThreads.enter(driver.threads())) {
      return TridiagonalEigen.reduce(LAPACK.getInstance(), a, n, TridiagonalEigen.PANEL);
    }
  }

  /** With an explicit driver (tests, benchmarks) on a copy of {@code a}; needs the bundled LAPACKE. */
  static double[] eigenvaluesOffHeap(EigenDriver driver, double[] a, int n) throws SpectrumException {
    if (!NativeLibraries.hasLapacke()) {
      throw new IllegalStateException(driver.label() + " needs the bundled OpenBLAS (" + NativeLibraries.describe() + ")");
    }
    try (DoublePointer matrix = new DoublePointer((long) n * n)) {
      matrix.asBuffer().put(a, 0, n * n); // a bulk copy through an NIO view (Pointer.put is slow)
      return eigenvaluesOffHeap(driver, matrix, n);
    }
  }

  /**
   * Eigenvalues, ascending and clamped at 0, of the symmetric n×n matrix whose {@link GramTriangle} is in
   * {@code matrix} (off the heap, column-major), which is destroyed; needs the bundled LAPACKE.
   */
  static double[] eigenvaluesOffHeap(DoublePointer matrix, int n) throws SpectrumException {
    return eigenvaluesOffHeap(driverFor(n), matrix, n);
  }

  private static double[] eigenvaluesOffHeap(EigenDriver driver, DoublePointer matrix, int n) throws SpectrumException {
    if (driver == EigenDriver.SY2SB_DSBEVD_2STAGE) {
      return banded(matrix, n); // its panels take their own leases
    }
    try (BlasThreads.Lease cores = BlasThreads.enter(driver.threads())) {
      return driver == EigenDriver.DSYTRD_DSTERF
          ? Reductions.eigenvalues(TridiagonalEigen.offHeap(matrix, n, TridiagonalEigen.PANEL))
          : clamped(offHeap(driver, matrix, n));
    }
  }

  /** LAPACKE's dsyevd('N') on {@code matrix} (destroyed), unclamped: for matrices it scales first. */
  static double[] offHeapDsyevd(DoublePointer matrix, int n) throws SpectrumException {
    return offHeap(EigenDriver.DSYEVD, matrix, n);
  }

  /** {@link EigenDriver#SY2SB_DSBEVD_2STAGE}: the band by {@link BandReduction}, then its eigenvalues. */
  private static double[] banded(DoublePointer matrix, int n) throws SpectrumException {
    DoublePointer band;
    try (BlasThreads.Lease wide = BlasThreads.wideSection()) {
      band = BandReduction.lowerBand(matrix, n);
    }
    // the sequential second stage: this thread's sections end (its caller's and its task's too,
    // OffHeapGram and ExecutorTasks), so that small layers run beside it
    BlasThreads.endWideSections();
    try (band) {
      return clamped(dsbevd2stage(band, n));
    }
  }

  /** Eigenvalues of the band {@link BandReduction#lowerBand} made (destroyed): LAPACKE's dsbevd_2stage. */
  private static double[] dsbevd2stage(DoublePointer band, int n) throws SpectrumException {
    int kd = BandReduction.halfWidth(n);
    int ldab = kd + 1;
    byte jobz = 'N';
    byte uplo = GramTriangle.LAPACKE;
    try (DoublePointer values = new DoublePointer(Math.max(1, n));
        DoublePointer noVectors = new DoublePointer(1);
        DoublePointer workQuery = new DoublePointer(1);
        IntPointer iworkQuery = new IntPointer(1);
        BlasThreads.Lease cores = BlasThreads.enter(EigenDriver.SY2SB_DSBEVD_2STAGE.threads())) {
      int info = openblas.LAPACKE_dsbevd_2stage_work(openblas.LAPACK_COL_MAJOR, jobz, uplo, n, kd, band, ldab, values,
          noVectors, 1, workQuery, -1, iworkQuery, -1);
      if (info != 0) {
        throw new SpectrumException("dsbevd_2stage workspace query failed, info=" + info);
      }
      int lwork = Math.max((int) workQuery.get(0), 2 * n + 1);
      int liwork = Math.max(iworkQuery.get(0), 1);
      try (DoublePointer work = new DoublePointer(lwork); IntPointer iwork = new IntPointer(liwork)) {
        info = openblas.LAPACKE_dsbevd_2stage_work(openblas.LAPACK_COL_MAJOR, jobz, uplo, n, kd, band, ldab, values,
            noVectors, 1, work, lwork, iwork, liwork);
      }
      if (info != 0) {
        throw new SpectrumException("dsbevd_2stage did not converge, info=" + info + " (n=" + n + ")");
      }
      double[] w = new double[n];
      values.get(w);
      return w;
    }
  }

  private static double[] offHeap(EigenDriver driver, DoublePointer matrix, int n) throws SpectrumException {
    int lda = Math.max(1, n);
    try (DoublePointer values = new DoublePointer(Math.max(1, n));
        DoublePointer workQuery = new DoublePointer(1);
        IntPointer iworkQuery = new IntPointer(1)) {
      int info = call(driver, n, matrix, lda, values, workQuery, -1, iworkQuery, -1);
      if (info != 0) {
        throw new SpectrumException(driver.label() + " workspace query failed, info=" + info);
      }
      int lwork = Math.max((int) workQuery.get(0), 2 * n + 1);
      int liwork = Math.max(iworkQuery.get(0), 1);
      try (DoublePointer work = new DoublePointer(lwork); IntPointer iwork = new IntPointer(liwork)) {
        info = call(driver, n, matrix, lda, values, work, lwork, iwork, liwork);
      }
      if (info != 0) {
        throw new SpectrumException(driver.label() + " did not converge, info=" + info + " (n=" + n + ")");
      }
      double[] w = new double[n];
      values.get(w);
      return w;
    }
  }

  private static int call(EigenDriver driver, int n, DoublePointer a, int lda, DoublePointer w,
      DoublePointer work, int lwork, IntPointer iwork, int liwork) {
    byte jobz = 'N';
    byte uplo = GramTriangle.LAPACKE;
    return switch (driver) {
      case DSYEVD -> openblas.LAPACKE_dsyevd_work(openblas.LAPACK_COL_MAJOR, jobz, uplo, n, a, lda, w, work, lwork, iwork, liwork);
      case DSYEVD_2STAGE -> openblas.LAPACKE_dsyevd_2stage_work(openblas.LAPACK_COL_MAJOR, jobz, uplo, n, a, lda, w, work, lwork, iwork, liwork);
      case SY2SB_DSBEVD_2STAGE -> throw new IllegalStateException("solved by banded(), not one call");
      case DSYTRD_DSTERF -> throw new IllegalStateException("solved by TridiagonalEigen, not one call");
    };
  }

  static double[] netlib(LAPACK lapack, double[] a, int n) throws SpectrumException {
    double[] w = new double[n];
    double[] workQuery = new double[1];
    int[] iworkQuery = new int[1];
    intW info = new intW(0);
    lapack.dsyevd("N", GramTriangle.NETLIB, n, a, Math.max(1, n), w, workQuery, -1, iworkQuery, -1, info);
    if (info.val != 0) {
      throw new SpectrumException("dsyevd workspace query failed, info=" + info.val);
    }
    int lwork = Math.max((int) workQuery[0], 2 * n + 1);
    int liwork = Math.max(iworkQuery[0], 1);
    lapack.dsyevd("N", GramTriangle.NETLIB, n, a, Math.max(1, n), w, new double[lwork], lwork, new int[liwork], liwork, info);
    if (info.val != 0) {
      throw new SpectrumException("dsyevd did not converge, info=" + info.val + " (n=" + n + ")");
    }
    return w;
  }

  /** {@code w} with its negative values (rounding noise of a PSD matrix) set to 0. */
  static double[] clamped(double[] w) {
    for (int i = 0; i < w.length; i++) {
      if (w[i] < 0) {
        w[i] = 0;
      }
    }
    return w;
  }
}
