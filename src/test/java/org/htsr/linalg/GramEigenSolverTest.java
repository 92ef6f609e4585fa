package org.htsr.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
