package org.htsr.linalg;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.openblas.global.openblas;

/**
 * The first stage of the two-stage tridiagonal reduction, dense symmetric → band, made of htsr's
 * own BLAS calls: LAPACK's {@code dsytrd_sy2sb} for the lower triangle, panel by panel (QR of the
 * panel below the band, then the two-sided update A := A − VWᵀ − WVᵀ of the trailing matrix).
 *
 * <p>Why not {@code dsyevd_2stage}: it fixes its thread count when it starts, and OpenBLAS's
 * {@code dsymm} and {@code dsyr2k} with 64 columns gain little from a second thread. Here the
 * trailing matrix's two products, which are nearly all of the stage's flops, are cut into
 * {@link #BLOCKS} blocks of rows (the product A·V) and of columns (the update), each one BLAS call
 * on one OpenBLAS thread, and the blocks run on as many threads as the cores idle when the panel
 * starts ({@link BlasThreads#enterSplit}). A 4096² layer begun beside a small model's tasks gets
 * the second core as soon as they end, and alone it takes 0.9 s for this stage on two cores where
 * {@code dsyevd_2stage}'s takes 1.2 s (docs/benchmarks.md M).
 *
 * <p>The blocks are fixed by the matrix's order alone and each is computed by one single-threaded
 * call, so the band does not depend on how many threads ran them (BlasThreadsTest).
 */
final class BandReduction {

  /**
   * The band's half-width: LAPACK's own choice for this stage without OpenMP ({@code iparam2stage},
   * ISPEC 17: 64 for up to four threads). 32 makes the sequential second stage 0.2 s shorter at
   * 4096 and the first stage as much slower.
   */
  static final int HALF_WIDTH = 64;

  /**
   * Blocks per product of a panel. At 4096 on two cores, 4 blocks ran as fast as 2 and 8 were
   * 10 % slower (smaller calls); 4 leave room for four cores.
   */
  static final int BLOCKS = 4;

  /** Below this many trailing rows a panel's products are one call each: too small to share. */
  static final int MIN_SPLIT_ROWS = 512;

  private static final int CM = openblas.LAPACK_COL_MAJOR;
  private static final int CBLAS_CM = openblas.CblasColMajor;

  /** Threads for the blocks beyond the caller's own; daemons, so they never hold the JVM. */
  private static final ExecutorService HELPERS = Executors.newCachedThreadPool(new java.util.concurrent.ThreadFactory() {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "htsr-band-reduction-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  });

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
    try (Workspace ws = new Workspace(n, kd)) {
      check(openblas.LAPACKE_dgeqrf_work(CM, n, Math.max(1, kd), a, lda, ws.tau, ws.query, -1), "dgeqrf workspace query");
      int lwork = Math.max(1, (int) ws.query.get(0));
      try (DoublePointer work = new DoublePointer(lwork)) {
        // kd = 0 (n ≤ 1): already a band of half-width 0
        for (int i = 0; kd > 0 && i + kd < n; i += kd) {
          int pn = n - i - kd; // rows of the panel below the band
          try (BlasThreads.Split cores = BlasThreads.enterSplit()) {
            panel(a, lda, i, pn, Math.min(pn, kd), kd, ws, work, lwork, cores.threads());
          }
        }
      }
    }
    return band(a, n, kd);
  }

  /** One panel: A(i+kd:n, i:i+kd) = QR, the trailing matrix A(i+kd:n, i+kd:n) := QᵀAQ. */
  private static void panel(DoublePointer a, int lda, int i, int pn, int pk, int kd, Workspace ws, DoublePointer work,
      int lwork, int threads) throws SpectrumException {
    DoublePointer v = a.getPointer(i + kd + (long) i * lda);
    DoublePointer trailing = a.getPointer(i + kd + (long) (i + kd) * lda);
    check(openblas.LAPACKE_dgeqrf_work(CM, pn, kd, v, lda, ws.tau, work, lwork), "dgeqrf");
    // R's top pk×pk triangle is part of the band: kept aside while V (unit lower) takes its place
    // (one bulk copy per column: a JNI call per element cost more than the panel's small products)
    double[] unit = new double[pk];
    for (int c = 0; c < pk; c++) {
      DoublePointer top = v.getPointer((long) c * lda);
      top.get(ws.r, c * kd, c + 1);
      unit[c] = 1.0;
      top.put(unit, 0, c + 1);
      unit[c] = 0.0;
    }
    check(openblas.LAPACKE_dlarft_work(CM, (byte) 'F', (byte) 'C', pn, pk, v, lda, ws.tau, ws.t, kd), "dlarft");
    int blocks = pn >= MIN_SPLIT_ROWS ? BLOCKS : 1;
    // W = A·V·T − ½·V·(Tᵀ·Vᵀ·A·V·T)
    runBlocks(productBlocks(trailing, lda, v, pn, pk, ws.av, blocks), threads);
    openblas.cblas_dgemm(CBLAS_CM, openblas.CblasNoTrans, openblas.CblasNoTrans, pn, pk, pk, 1.0, ws.av, pn, ws.t, kd, 0.0, ws.w, pn);
    openblas.cblas_dgemm(CBLAS_CM, openblas.CblasTrans, openblas.CblasNoTrans, pk, pk, pn, 1.0, v, lda, ws.w, pn, 0.0, ws.vw, pk);
    openblas.cblas_dgemm(CBLAS_CM, openblas.CblasTrans, openblas.CblasNoTrans, pk, pk, pk, 0.5, ws.t, kd, ws.vw, pk, 0.0, ws.tvw, pk);
    openblas.cblas_dgemm(CBLAS_CM, openblas.CblasNoTrans, openblas.CblasNoTrans, pn, pk, pk, -1.0, v, lda, ws.tvw, pk, 1.0, ws.w, pn);
    // A := A − V·Wᵀ − W·Vᵀ on the trailing matrix's lower triangle
    runBlocks(updateBlocks(trailing, lda, v, ws.w, pn, pk, blocks), threads);
    for (int c = 0; c < pk; c++) {
      v.getPointer((long) c * lda).put(ws.r, c * kd, c + 1);
    }
  }

  /**
   * AV = A·V (pn×pk) with A the symmetric pn×pn matrix whose lower triangle is at {@code a}, in
   * blocks of rows: rows r0..r1 of AV take the diagonal block (dsymm) and the stored blocks left of
   * it and below it (dgemm, the latter transposed), so every stored element is read once.
   */
  private static List<Runnable> productBlocks(DoublePointer a, int lda, DoublePointer v, int pn, int pk, DoublePointer av,
      int blocks) {
    List<Runnable> calls = new ArrayList<>(blocks);
    for (int b = 0; b < blocks; b++) {
      int r0 = (int) ((long) pn * b / blocks);
      int r1 = (int) ((long) pn * (b + 1) / blocks);
      int h = r1 - r0;
      calls.add(() -> {
        openblas.cblas_dsymm(CBLAS_CM, openblas.CblasLeft, GramTriangle.CBLAS, h, pk, 1.0, a.getPointer(r0 + (long) r0 * lda),
            lda, v.getPointer(r0), lda, 0.0, av.getPointer(r0), pn);
        if (r0 > 0) {
          openblas.cblas_dgemm(CBLAS_CM, openblas.CblasNoTrans, openblas.CblasNoTrans, h, pk, r0, 1.0, a.getPointer(r0), lda,
              v, lda, 1.0, av.getPointer(r0), pn);
        }
        if (r1 < pn) {
          openblas.cblas_dgemm(CBLAS_CM, openblas.CblasTrans, openblas.CblasNoTrans, h, pk, pn - r1, 1.0,
              a.getPointer(r1 + (long) r0 * lda), lda, v.getPointer(r1), lda, 1.0, av.getPointer(r0), pn);
        }
      });
    }
    return calls;
  }

  /**
   * lower(A) −= V·Wᵀ + W·Vᵀ in blocks of columns holding equal parts of the lower triangle: each
   * block's diagonal part by dsyr2k, the rest below it by two dgemm.
   */
  private static List<Runnable> updateBlocks(DoublePointer a, int lda, DoublePointer v, DoublePointer w, int pn, int pk,
      int blocks) {
    List<Runnable> calls = new ArrayList<>(blocks);
    double area = (double) pn * pn / 2;
    int c0 = 0;
    for (int b = 0; b < blocks; b++) {
      // the lower triangle's columns 0..c hold c·pn − c²/2 elements
      double upTo = area * (b + 1) / blocks;
      int c1 = b == blocks - 1 ? pn : (int) Math.round(pn - Math.sqrt(Math.max(0, (double) pn * pn - 2 * upTo)));
      int from = c0;
      int to = Math.max(c0, Math.min(pn, c1));
      c0 = to;
      if (to == from) {
        continue;
      }
      int h = to - from;
      calls.add(() -> {
        openblas.cblas_dsyr2k(CBLAS_CM, GramTriangle.CBLAS, openblas.CblasNoTrans, h, pk, -1.0, v.getPointer(from), lda,
            w.getPointer(from), pn, 1.0, a.getPointer(from + (long) from * lda), lda);
        if (to < pn) {
          DoublePointer below = a.getPointer(to + (long) from * lda);
          openblas.cblas_dgemm(CBLAS_CM, openblas.CblasNoTrans, openblas.CblasTrans, pn - to, h, pk, -1.0, v.getPointer(to), lda,
              w.getPointer(from), pn, 1.0, below, lda);
          openblas.cblas_dgemm(CBLAS_CM, openblas.CblasNoTrans, openblas.CblasTrans, pn - to, h, pk, -1.0, w.getPointer(to), pn,
              v.getPointer(from), lda, 1.0, below, lda);
        }
      });
    }
    return calls;
  }

  /**
   * Runs the blocks on the caller and up to {@code threads − 1} helpers, each taking the next block
   * not yet taken. Returns when every block is done, also when interrupted (the blocks write into
   * memory the caller frees), keeping the interrupt for the caller.
   */
  private static void runBlocks(List<Runnable> calls, int threads) {
    int helpers = Math.min(threads, calls.size()) - 1;
    if (helpers <= 0) {
      calls.forEach(Runnable::run);
      return;
    }
    AtomicInteger next = new AtomicInteger();
    Runnable worker = () -> {
      for (int b = next.getAndIncrement(); b < calls.size(); b = next.getAndIncrement()) {
        calls.get(b).run();
      }
    };
    List<Future<?>> running = new ArrayList<>(helpers);
    for (int h = 0; h < helpers; h++) {
      running.add(HELPERS.submit(worker));
    }
    RuntimeException failed = null;
    try {
      worker.run();
    } catch (RuntimeException e) {
      failed = e;
    }
    boolean interrupted = false;
    for (Future<?> f : running) {
      while (true) {
        try {
          f.get();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          if (failed == null) {
            failed = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException("a band reduction block failed", e.getCause());
          }
          break;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failed != null) {
      throw failed;
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

  /** The panels' buffers, off the heap, sized once for the largest panel. */
  private static final class Workspace implements AutoCloseable {
    final DoublePointer tau;
    final DoublePointer t;
    final DoublePointer av;
    final DoublePointer w;
    final DoublePointer vw;
    final DoublePointer tvw;
    final DoublePointer query;
    final double[] r;

    Workspace(int n, int kd) {
      tau = new DoublePointer(Math.max(1, kd));
      t = new DoublePointer(Math.max(1, (long) kd * kd));
      av = new DoublePointer(Math.max(1, (long) n * kd));
      w = new DoublePointer(Math.max(1, (long) n * kd));
      vw = new DoublePointer(Math.max(1, (long) kd * kd));
      tvw = new DoublePointer(Math.max(1, (long) kd * kd));
      query = new DoublePointer(1);
      r = new double[kd * kd];
      t.zero(); // dlarft writes T's upper triangle only, and the products below read all of it
    }

    @Override
    public void close() {
      for (DoublePointer p : new DoublePointer[] {tau, t, av, w, vw, tvw, query}) {
        p.close();
      }
    }
  }
}
