package org.htsr.linalg;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.openblas.global.openblas;

/**
 * G = AᵀA (or AAᵀ, whichever is smaller) by the bundled OpenBLAS's {@code cblas_dsyrk}, on copies
 * of A and G off the Java heap. netlib's JNI pins its arrays for the whole call, and a pinned array
 * holds every other thread's garbage collection until it returns (the GC locker): with the
 * eigenvalue call already off the heap ({@link SymmetricEigen}), this was the last long call that
 * pinned. Same library and kernel as netlib's {@code dsyrk}; the copies cost a memory pass each.
 */
final class OffHeapGram {

  private OffHeapGram() {}

  /** The m×m Gram matrix of a column-major rows×cols matrix, upper triangle filled, column-major. */
  static double[] of(double[] a, int rows, int cols) {
    int m = Math.min(rows, cols);
    int k = Math.max(rows, cols);
    try (DoublePointer matrix = new DoublePointer(a.length); DoublePointer gram = new DoublePointer((long) m * m)) {
      matrix.put(a);
      gram.zero(); // dsyrk writes the upper triangle only: the lower one must not be left as malloc gave it
      // rows ≥ cols: G = AᵀA; rows < cols: G = AAᵀ (lda = rows either way: A is column-major)
      int trans = rows >= cols ? openblas.CblasTrans : openblas.CblasNoTrans;
      openblas.cblas_dsyrk(openblas.CblasColMajor, openblas.CblasUpper, trans, m, k, 1.0, matrix, Math.max(1, rows), 0.0, gram,
          Math.max(1, m));
      double[] g = new double[Math.multiplyExact(m, m)];
      gram.get(g);
      return g;
    }
  }
}
