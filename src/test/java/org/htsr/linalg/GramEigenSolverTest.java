package org.htsr.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GramEigenSolverTest extends SpectrumSolverContract {

  @Override
  SpectrumSolver solver() {
    return new GramEigenSolver();
  }

  /** Forming WᵀW costs absolute accuracy ~N·ε·λmax: that is what the Gram route promises. */
  @Override
  double eigenvalueTolerance() {
    return 1e-12;
  }

  /** The large eigenvalues agree with the exact SVD to ~1e-13 relative (spec §3.5 says ~1e-14). */
  @Test
  void agreesWithTheSvdOnTheTail() throws SpectrumException {
    SplittableRandom random = new SplittableRandom(3);
    double[] data = new double[500 * 200];
    for (int i = 0; i < data.length; i++) {
      data[i] = random.nextGaussian() / Math.sqrt(500);
    }
    DenseMatrix w = new DenseMatrix(500, 200, data);
    double[] gram = solver().eigenvalues(w);
    double[] svd = new SvdSolver().eigenvalues(w);
    double lambdaMax = svd[svd.length - 1];
    for (int i = 0; i < svd.length; i++) {
      assertEquals(svd[i], gram[i], 1e-13 * lambdaMax, "eigenvalue " + i);
    }
  }

  /**
   * The off-heap route (nothing pinned) sums G over chunks of {@link OffHeapGram#CHUNK} vectors, so
   * its G is netlib's single dsyrk to rounding (each entry a dot product of length k summed in
   * another order: |ΔG_ij| ≤ k·ε·max G_ii) and bit for bit when W has one chunk, and so are its
   * eigenvalues (|Δλ| ≤ m·k·ε·λmax). Its own bits do not depend on the thread count (BlasThreadsTest).
   */
  @Test
  void offHeapGramIsNetlibsDsyrkToRounding() throws SpectrumException {
    NativeLibraries.current();
    assumeTrue(NativeLibraries.hasLapacke(), "needs the bundled OpenBLAS");
    SplittableRandom random = new SplittableRandom(7);
    // 1300 × 1100 and 700 × 1500: G summed over two chunks
    for (int[] shape : new int[][] {{300, 120}, {120, 300}, {64, 64}, {1, 5}, {1300, 1100}, {700, 1500}}) {
      int r = shape[0];
      int c = shape[1];
      DenseMatrix w = new DenseMatrix(r, c, random.doubles((long) r * c, -1, 1).toArray());
      int m = w.minDim();
      int k = w.maxDim();
      double[] expected = new double[m * m];
      dev.ludovic.netlib.blas.BLAS.getInstance().dsyrk(GramTriangle.NETLIB, r >= c ? "T" : "N", m, k, 1.0, w.data(), r, 0.0, expected, m);
      double[] offHeap = new double[m * m];
      try (org.bytedeco.javacpp.DoublePointer g = OffHeapGram.gram(w)) {
        g.get(offHeap);
      }
      double maxDiagonal = 0;
      for (int j = 0; j < m; j++) {
        maxDiagonal = Math.max(maxDiagonal, expected[j + j * m]);
      }
      double entryTolerance = k * Precision.EPSILON * maxDiagonal;
      for (int j = 0; j < m; j++) {
        for (int i = j; i < m; i++) { // the lower triangle (GramTriangle)
          assertEquals(expected[i + j * m], offHeap[i + j * m], entryTolerance, r + "x" + c + " G[" + i + "," + j + "]");
        }
      }
      if (k <= OffHeapGram.CHUNK) {
        assertArrayEquals(expected, offHeap, r + "x" + c + ": one chunk is netlib's own dsyrk, bit for bit");
      }
      double[] heapRoute = SymmetricEigen.eigenvaluesInPlace(expected, m);
      double[] offHeapRoute = OffHeapGram.eigenvalues(w);
      double lambdaMax = heapRoute[m - 1];
      for (int i = 0; i < m; i++) {
        assertEquals(heapRoute[i], offHeapRoute[i], (double) m * k * Precision.EPSILON * lambdaMax, r + "x" + c + " λ" + i);
      }
    }
  }

}
