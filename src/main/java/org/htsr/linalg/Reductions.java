package org.htsr.linalg;

import dev.ludovic.netlib.lapack.LAPACK;
import java.util.ArrayList;
import java.util.List;
import org.netlib.util.intW;

/** Solves the tridiagonal matrices among reductions, two at a time ({@link PalWalkerKahan}). */
public final class Reductions {

  private Reductions() {}

  /**
   * The same reductions in the same order, each tridiagonal one replaced by its eigenvalues
   * (ascending, clamped at 0) or its failure; the others as they are.
   */
  public static List<Reduction> solveAll(List<Reduction> reductions) {
    List<Integer> at = new ArrayList<>();
    List<PalWalkerKahan.Problem> problems = new ArrayList<>();
    for (int i = 0; i < reductions.size(); i++) {
      if (reductions.get(i) instanceof Reduction.Tridiagonal t) {
        at.add(i);
        problems.add(new PalWalkerKahan.Problem(t.diagonal(), t.offDiagonal()));
      }
    }
    if (problems.isEmpty()) {
      return reductions;
    }
    PalWalkerKahan.solve(problems.toArray(PalWalkerKahan.Problem[]::new));
    List<Reduction> solved = new ArrayList<>(reductions);
    for (int k = 0; k < problems.size(); k++) {
      int i = at.get(k);
      solved.set(i, outcome(problems.get(k), (Reduction.Tridiagonal) reductions.get(i)));
    }
    return solved;
  }

  /** One reduction's eigenvalues, or its failure. */
  public static double[] eigenvalues(Reduction reduction) throws SpectrumException {
    return solveAll(List.of(reduction)).get(0).eigenvalues();
  }

  private static Reduction outcome(PalWalkerKahan.Problem problem, Reduction.Tridiagonal matrix) {
    int n = matrix.diagonal().length;
    return switch (problem.outcome()) {
      case SOLVED -> new Reduction.Solved(SymmetricEigen.clamped(problem.values()));
      case NOT_CONVERGED -> notConverged(problem.unconverged(), n);
      case NEEDS_SCALING -> lapackDsterf(matrix);
    };
  }

  /** A matrix whose blocks dsterf would scale: LAPACK's own routine, through netlib. */
  private static Reduction lapackDsterf(Reduction.Tridiagonal matrix) {
    int n = matrix.diagonal().length;
    double[] d = matrix.diagonal().clone();
    double[] e = n > 1 ? matrix.offDiagonal().clone() : new double[1];
    intW info = new intW(0);
    LAPACK.getInstance().dsterf(n, d, e, info);
    return info.val == 0 ? new Reduction.Solved(SymmetricEigen.clamped(d)) : notConverged(info.val, n);
  }

  private static Reduction notConverged(int info, int n) {
    return new Reduction.Failed("dsterf did not converge, info=" + info + " (n=" + n + ")");
  }
}
