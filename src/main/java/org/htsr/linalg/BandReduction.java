package org.htsr.linalg;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.openblas.global.openblas;

/**
 * The first stage of the two-stage tridiagonal reduction, dense symmetric → band, made of htsr's
 * own BLAS calls: LAPACK's {@code dsytrd_sy2sb} for the lower triangle, panel by panel (QR of the
 * panel below the band, then the two-sided update A := A − VWᵀ − WVᵀ of the trailing matrix). The
 * bundled OpenBLAS has it only inside {@code dsyevd_2stage}, which fixes its thread count when it
 * starts and then runs its sequential second stage with the other cores idle. Made of separate
 * calls, each panel takes the cores idle when it starts ({@link BlasThreads}), like the Gram's
 * chunks: a 4096² layer begun beside a small model's tasks gets the second core as soon as they
 * end, not only at its next layer (docs/benchmarks.md K).
 *
 * <p>Each call splits its output among threads (QR, {@code dsymm}, {@code dgemm}, {@code dsyr2k}),
 * so the band does not depend on the thread count (BlasThreadsTest).
 */
final class BandReduction {

  /**
   * The band's half-width: LAPACK's own choice for this stage without OpenMP ({@code iparam2stage},
   * ISPEC 17: 64 for up to four threads). 32 made the sequential second stage 0.2 s shorter at 4096
   * and the first stage as much slower on one thread.
   */
  static final int HALF_WIDTH = 64;

  private static final int CM = openblas.LAPACK_COL_MAJOR;
  private static final int CBLAS_CM = openblas.CblasColMajor;

  private BandReduction() {}

  /** The half-width used for an n×n matrix: {@link #HALF_WIDTH}, or less where n is smaller. */
  static int halfWidth(int n) {
    return Math.min(HALF_WIDTH, Math.max(0, n - 1));
  }

  /**
   * The lower band, half-width {@link #halfWidth}, of a matrix similar to the symmetric n×n matrix
   * whose lower triangle is in {@code a} (column-major, leading dimension n), which is destroyed.
   * Returned in LAPACK's band storage (AB(1 + i − j, j) = A(i, j), leading dimension kd + 1); the
   * caller closes it.
   */
  static DoublePointer lowerBand(DoublePointer a, int n) throws SpectrumException {
    int kd = halfWidth(n);
    int lda = Math.max(1, n);
    try (DoublePointer tau = new DoublePointer(Math.max(1, kd));
        DoublePointer t = new DoublePointer(Math.max(1, (long) kd * kd));
        DoublePointer av = new DoublePointer(Math.max(1, (long) n * kd));
        DoublePointer w = new DoublePointer(Math.max(1, (long) n * kd));
        DoublePointer vw = new DoublePointer(Math.max(1, (long) kd * kd));
        DoublePointer tvw = new DoublePointer(Math.max(1, (long) kd * kd));
        DoublePointer query = new DoublePointer(1)) {
      t.zero(); // dlarft writes T's upper triangle only, and the products below read all of it
      check(openblas.LAPACKE_dgeqrf_work(CM, n, Math.max(1, kd), a, lda, tau, query, -1), "dgeqrf workspace query");
      int lwork = Math.max(1, (int) query.get(0));
      double[] r = new double[kd * kd];
      // sized by the whole reduction (4/3·n³), not by each panel: its last, small panels then keep
      // the threads dsyevd_2stage would give them, where OpenBLAS decides per call how many to wake
      BlasThreads.Kind kind = BlasThreads.threadIndependent(4.0 / 3 * n * n * (double) n);
      try (DoublePointer work = new DoublePointer(lwork)) {
        // kd = 0 (n ≤ 1): already a band of half-width 0
        for (int i = 0; kd > 0 && i + kd < n; i += kd) {
          int pn = n - i - kd; // rows of the panel below the band
          int pk = Math.min(pn, kd); // its reflectors
          try (BlasThreads.Lease cores = BlasThreads.enter(kind)) {
            panel(a, lda, i, pn, pk, kd, tau, t, av, w, vw, tvw, work, lwork, r);
          }
        }
      }
    }
    return band(a, n, kd);
  }

  /** One panel: A(i+kd:n, i:i+kd) = QR, the trailing matrix A(i+kd:n, i+kd:n) := QᵀAQ. */
  private static void panel(DoublePointer a, int lda, int i, int pn, int pk, int kd, DoublePointer tau, DoublePointer t,
      DoublePointer av, DoublePointer w, DoublePointer vw, DoublePointer tvw, DoublePointer work, int lwork, double[] r)
      throws SpectrumException {
    DoublePointer v = a.getPointer(i + kd + (long) i * lda);
    DoublePointer trailing = a.getPointer(i + kd + (long) (i + kd) * lda);
    check(openblas.LAPACKE_dgeqrf_work(CM, pn, kd, v, lda, tau, work, lwork), "dgeqrf");
    // R's top pk×pk triangle is part of the band: kept aside while V (unit lower) takes its place
    // (one bulk copy per column: a JNI call per element cost more than the panel's small products)
    double[] unit = new double[pk];
    for (int c = 0; c < pk; c++) {
      DoublePointer top = v.getPointer((long) c * lda);
      top.get(r, c * kd, c + 1);
      unit[c] = 1.0;
      top.put(unit, 0, c + 1);
      unit[c] = 0.0;
    }
    check(openblas.LAPACKE_dlarft_work(CM, (byte) 'F', (byte) 'C', pn, pk, v, lda, tau, t, kd), "dlarft");
    // W = A·V·T − ½·V·(Tᵀ·Vᵀ·A·V·T)
    openblas.cblas_dsymm(CBLAS_CM, openblas.CblasLeft, GramTriangle.CBLAS, pn, pk, 1.0, trailing, lda, v, lda, 0.0, av, pn);
    openblas.cblas_dgemm(CBLAS_CM, openblas.CblasNoTrans, openblas.CblasNoTrans, pn, pk, pk, 1.0, av, pn, t, kd, 0.0, w, pn);
    openblas.cblas_dgemm(CBLAS_CM, openblas.CblasTrans, openblas.CblasNoTrans, pk, pk, pn, 1.0, v, lda, w, pn, 0.0, vw, pk);
    openblas.cblas_dgemm(CBLAS_CM, openblas.CblasTrans, openblas.CblasNoTrans, pk, pk, pk, 0.5, t, kd, vw, pk, 0.0, tvw, pk);
    openblas.cblas_dgemm(CBLAS_CM, openblas.CblasNoTrans, openblas.CblasNoTrans, pn, pk, pk, -1.0, v, lda, tvw, pk, 1.0, w, pn);
    // A := A − V·Wᵀ − W·Vᵀ on the trailing matrix's lower triangle
    openblas.cblas_dsyr2k(CBLAS_CM, GramTriangle.CBLAS, openblas.CblasNoTrans, pn, pk, -1.0, v, lda, w, pn, 1.0, trailing, lda);
    for (int c = 0; c < pk; c++) {
      v.getPointer((long) c * lda).put(r, c * kd, c + 1);
    }
  }

  /** A's lower band in LAPACK's band storage. */
  private static DoublePointer band(DoublePointer a, int n, int kd) {
    int lda = Math.max(1, n);
    int ldab = kd + 1;
    DoublePointer ab = new DoublePointer(Math.max(1, (long) ldab * n));
    ab.zero();
    double[] column = new double[ldab];
    for (int c = 0; c < n; c++) {
      int length = Math.min(ldab, n - c);
      a.getPointer(c + (long) c * lda).get(column, 0, length);
      ab.getPointer((long) c * ldab).put(column, 0, length);
    }
    return ab;
  }

  private static void check(int info, String call) throws SpectrumException {
    if (info != 0) {
      throw new SpectrumException(call + " failed in the band reduction, info=" + info);
    }
  }
}
