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

  /** The off-heap Gram (no pinned array) is netlib's dsyrk bit for bit: same library, same kernel. */
  @Test
  void offHeapGramEqualsNetlibsDsyrkBitForBit() {
    NativeLibraries.current();
    assumeTrue(NativeLibraries.hasLapacke(), "needs the bundled OpenBLAS");
    SplittableRandom random = new SplittableRandom(7);
    for (int[] shape : new int[][] {{300, 120}, {120, 300}, {64, 64}, {1, 5}}) {
      int r = shape[0];
      int c = shape[1];
      double[] a = random.doubles((long) r * c, -1, 1).toArray();
      int m = Math.min(r, c);
      double[] expected = new double[m * m];
      dev.ludovic.netlib.blas.BLAS.getInstance().dsyrk("U", r >= c ? "T" : "N", m, Math.max(r, c), 1.0, a, r, 0.0, expected, m);
      assertArrayEquals(expected, OffHeapGram.of(a, r, c), r + "x" + c);
    }
  }
}
