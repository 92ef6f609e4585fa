package org.htsr.linalg;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.openblas.global.openblas;

/**
 * A layer's Gram matrix and its eigenvalues without a Java array pinned: W is copied off the heap,
 * G = WᵀW (or WWᵀ, whichever is smaller) formed there by the bundled OpenBLAS's {@code cblas_dsyrk}
 * (the library and kernel netlib's {@code dsyrk} calls: bit for bit the same G) and handed to
 * LAPACKE where it lies. netlib's JNI pins its arrays for the whole call, and a pinned array holds
 * every other thread's garbage collection until it returns (the GC locker). Used for big layers
 * ({@link GramEigenSolver#eigenvalues}), whose calls run for seconds.
 *
 * <p>Copying into freshly allocated native memory costs a page fault per 4 KiB page, which on some
 * machines runs at ≈ 250 MB/s; with {@code GLIBC_TUNABLES=glibc.malloc.hugetlb=1}, which the
 * launchers and the executors' environment set where the kernel offers transparent huge pages,
 * malloc asks for 2 MiB pages and the copy runs at memory speed (docs/benchmarks.md I).
 */
final class OffHeapGram {

  private OffHeapGram() {}

  /** Eigenvalues, ascending and clamped at 0, of W's Gram matrix (W column-major). */
  static double[] eigenvalues(DenseMatrix w) throws SpectrumException {
    int m = w.minDim();
    try (DoublePointer gram = gram(w)) {
      return SymmetricEigen.eigenvaluesOffHeap(gram, m);
    }
  }

  /** The m×m Gram matrix, its {@link GramTriangle} filled (column-major), off the heap: the caller closes it. */
  static DoublePointer gram(DenseMatrix w) {
    int rows = w.rows();
    int cols = w.cols();
    int m = w.minDim();
    int k = w.maxDim();
    DoublePointer gram = new DoublePointer((long) m * m);
    gram.zero(); // malloc's garbage must not meet dsyrk, whatever it does with beta = 0
    try (DoublePointer matrix = new DoublePointer(w.data().length)) {
      matrix.asBuffer().put(w.data()); // a bulk copy through an NIO view (Pointer.put is slow)
      // rows ≥ cols: G = AᵀA; rows < cols: G = AAᵀ (lda = rows either way: A is column-major)
      int trans = rows >= cols ? openblas.CblasTrans : openblas.CblasNoTrans;
      try (BlasThreads.Lease cores = BlasThreads.enter(BlasThreads.threadIndependent(w.gramFlops()))) {
        openblas.cblas_dsyrk(openblas.CblasColMajor, GramTriangle.CBLAS, trans, m, k, 1.0, matrix, Math.max(1, rows),
            0.0, gram, Math.max(1, m));
      }
      return gram;
    } catch (RuntimeException | Error e) {
      gram.close();
      throw e;
    }
  }
}
