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
   * The off-heap route (nothing pinned) forms netlib's Gram bit for bit (same library, same kernel)
   * and gives the eigenvalues LAPACKE gives for that Gram, bit for bit.
   */
  @Test
  void offHeapGramIsNetlibsDsyrkBitForBit() throws SpectrumException {
    NativeLibraries.current();
    assumeTrue(NativeLibraries.hasLapacke(), "needs the bundled OpenBLAS");
    SplittableRandom random = new SplittableRandom(7);
    for (int[] shape : new int[][] {{300, 120}, {120, 300}, {64, 64}, {1, 5}}) {
      int r = shape[0];
      int c = shape[1];
      DenseMatrix w = new DenseMatrix(r, c, random.doubles((long) r * c, -1, 1).toArray());
      int m = w.minDim();
      double[] expected = new double[m * m];
      dev.ludovic.netlib.blas.BLAS.getInstance().dsyrk(GramTriangle.NETLIB, r >= c ? "T" : "N", m, w.maxDim(), 1.0, w.data(), r, 0.0, expected, m);
      double[] offHeap = new double[m * m];
      try (org.bytedeco.javacpp.DoublePointer g = OffHeapGram.gram(w)) {
        g.get(offHeap);
      }
      for (int j = 0; j < m; j++) {
        for (int i = 0; i <= j; i++) {
          assertEquals(expected[i + j * m], offHeap[i + j * m], 0.0, r + "x" + c + " G[" + i + "," + j + "]");
        }
      }
      assertArrayEquals(SymmetricEigen.eigenvaluesInPlace(expected, m), OffHeapGram.eigenvalues(w), r + "x" + c);
    }
  }
}
