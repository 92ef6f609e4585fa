package org.htsr.linalg;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.htsr.model.LayerSpectrum;

/** Solves every matrix of a layer and pools their eigenvalues into one {@link LayerSpectrum}. */
public final class LayerSpectra {

  private LayerSpectra() {}

  /**
   * @param matrices the layer's matrices, already scaled
   * @param n the layer's larger dimension (the rank tolerance's N)
   */
  public static LayerSpectrum compute(List<DenseMatrix> matrices, long n, SpectrumSolver solver)
      throws SpectrumException {
    return pool(Reductions.solveAll(reduce(matrices, solver)), n, solver, solver.name(matrices.get(0)));
  }

  /** Each of a layer's matrices as far as the solver takes it alone ({@link SpectrumSolver#reduce}). */
  public static List<Reduction> reduce(List<DenseMatrix> matrices, SpectrumSolver solver) throws SpectrumException {
    List<Reduction> reductions = new ArrayList<>(matrices.size());
    for (DenseMatrix matrix : matrices) {
      reductions.add(solver.reduce(matrix));
    }
    return reductions;
  }

  /**
   * The spectrum of a layer whose matrices' reductions are solved ({@link Reductions#solveAll});
   * {@code solverName} is the solver column (a layer's matrices share one shape, so one driver).
   */
  public static LayerSpectrum pool(List<Reduction> solved, long n, RankTolerance solver, String solverName) throws SpectrumException {
    double[][] perMatrix = new double[solved.size()][];
    int total = 0;
    for (int i = 0; i < perMatrix.length; i++) {
      perMatrix[i] = solved.get(i).eigenvalues();
      total += perMatrix[i].length;
    }
    return pool(perMatrix, total, n, solver, solverName);
  }

  /** Pools per-matrix ascending eigenvalues, solved by a route with this tolerance, into one spectrum. */
  public static LayerSpectrum pool(double[][] perMatrix, int total, long n, RankTolerance solver, String solverName) {
    double[] pooled = new double[total];
    int rankLoss = 0;
    double svMax = 0;
    double svMin = 0;
    int at = 0;
    for (double[] lambda : perMatrix) {
      double lambdaMax = lambda[lambda.length - 1];
      double zero = solver.zeroThreshold(lambdaMax, n);
      for (double v : lambda) {
        if (!(v > zero)) {
          rankLoss++;
        }
      }
      svMax = Math.max(svMax, Math.sqrt(lambdaMax));
      svMin = Math.max(svMin, Math.sqrt(lambda[0]));
      System.arraycopy(lambda, 0, pooled, at, lambda.length);
      at += lambda.length;
    }
    if (perMatrix.length > 1) {
      Arrays.sort(pooled);
    }
    double zeroThreshold = solver.zeroThreshold(pooled[pooled.length - 1], n);
    return new LayerSpectrum(pooled, zeroThreshold, rankLoss, svMax, svMin, solverName);
  }
}
