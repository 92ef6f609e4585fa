package org.htsr.linalg;

import java.nio.DoubleBuffer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.openblas.global.openblas;

/**
 * A layer's Gram matrix and its eigenvalues without a Java array pinned: W goes off the heap chunk
 * by chunk ({@link #CHUNK} vectors at a time, through one reused buffer), G = WᵀW (or WWᵀ,
 * whichever is smaller) is summed there by the bundled OpenBLAS's {@code cblas_dsyrk} (netlib's
 * single {@code dsyrk} to rounding, the same bits on any thread count) and handed to LAPACKE where
 * it lies. netlib's JNI pins its arrays for the whole call, and a pinned array holds every other
 * thread's garbage collection until it returns (the GC locker). Used for big layers
 * ({@link GramEigenSolver#eigenvalues}), whose calls run for seconds.
 *
 * <p>First touching fresh memory is what costs here: a page fault per page, ≈ 250 MB/s in 4 KiB
 * pages and ≈ 0.5 GB/s in 2 MiB ones on the virtual machine measured. So G comes zeroed from
 * calloc (fresh pages, not written twice) and is first touched by {@code dsyrk} on its threads, W's
 * chunks reuse one buffer, and malloc asks for 2 MiB pages ({@code GLIBC_TUNABLES=
 * glibc.malloc.hugetlb=1}, set by the launchers and in the executors' environment where the kernel
 * offers transparent huge pages; docs/benchmarks.md I and O).
 */
final class OffHeapGram {

  private OffHeapGram() {}

  /** Eigenvalues, ascending and clamped at 0, of W's Gram matrix (W column-major). */
  static double[] eigenvalues(DenseMatrix w) throws SpectrumException {
    int m = w.minDim();
    // on the two-stage route the Gram and the first stage take every idle core: one wide section,
    // so that no small layer starts in the moment between them; it ends where the sequential
    // second stage begins (SymmetricEigen.banded ends this thread's sections)
    try (BlasThreads.Lease wide = GramEigenSolver.takesIdleCores(m) ? BlasThreads.wideSection() : null;
        DoublePointer gram = gram(w)) {
      return SymmetricEigen.eigenvaluesOffHeap(gram, m);
    }
  }

  /**
   * Vectors of W summed into G per BLAS call. One {@code dsyrk} over all of a 4096² W fixes its
   * thread count when it starts: begun while another task ran beside it, it kept one thread for
   * 0.7 s after that task ended (docs/benchmarks.md J). In chunks, each call takes the cores idle
   * when it starts ({@link BlasThreads}). The chunks are fixed by W's shape alone and each
   * {@code dsyrk} (beta 1 after the first) splits its output among threads, never a sum, so the
   * bits do not depend on the thread count (BlasThreadsTest); they differ from one {@code dsyrk}'s
   * in the last place.
   */
  static final int CHUNK = 1024;

  /** The m×m Gram matrix, its {@link GramTriangle} filled (column-major), off the heap: the caller closes it. */
  static DoublePointer gram(DenseMatrix w) {
    int rows = w.rows();
    int cols = w.cols();
    int m = w.minDim();
    int k = w.maxDim();
    int ldg = Math.max(1, m);
    // zeroed by calloc: malloc's garbage must not meet dsyrk, whatever it does with beta = 0, and a
    // block this size is fresh pages the kernel has zeroed, so nothing is written twice (a memset
    // of a 4096² Gram took 0.25 s on one core while the other waited, docs/benchmarks.md O)
    DoublePointer gram = NativeDoubles.zeroed((long) m * m);
    // each chunk of W is copied into one reused buffer, not all of W into fresh memory: first
    // touching 128 MB for a 4096² W cost another 0.25 s on one core (docs/benchmarks.md O)
    try (DoublePointer chunkBuffer = new DoublePointer((long) Math.min(CHUNK, k) * m)) {
      DoubleBuffer chunkValues = chunkBuffer.asBuffer(); // bulk copies through an NIO view (Pointer.put is slow)
      // rows ≥ cols: G = AᵀA, summed over A's rows; rows < cols: G = AAᵀ, summed over A's columns
      boolean tall = rows >= cols;
      for (int v0 = 0; v0 < k; v0 += CHUNK) {
        int count = Math.min(CHUNK, k - v0);
        int ldc = copyChunk(w, tall, v0, count, chunkValues);
        try (BlasThreads.Lease cores = BlasThreads.enter(BlasThreads.threadIndependent(DenseMatrix.gramFlops(m, count)))) {
          openblas.cblas_dsyrk(openblas.CblasColMajor, GramTriangle.CBLAS, tall ? openblas.CblasTrans : openblas.CblasNoTrans,
              m, count, 1.0, chunkBuffer, ldc, v0 == 0 ? 0.0 : 1.0, gram, ldg);
        }
      }
      return gram;
    } catch (RuntimeException | Error e) {
      gram.close();
      throw e;
    }
  }

  /**
   * Copies vectors v0 … v0 + count − 1 of W into {@code into}, column-major from position 0, and
   * returns their leading dimension: when tall, rows v0… of every column (count × cols, leading
   * dimension count); when wide, columns v0… whole (rows × count, leading dimension rows).
   */
  private static int copyChunk(DenseMatrix w, boolean tall, int v0, int count, DoubleBuffer into) {
    double[] data = w.data();
    int rows = w.rows();
    into.clear();
    if (!tall) {
      into.put(data, v0 * rows, count * rows);
      return rows;
    }
    for (int j = 0; j < w.cols(); j++) {
      into.put(data, v0 + j * rows, count);
    }
    return count;
  }
}
