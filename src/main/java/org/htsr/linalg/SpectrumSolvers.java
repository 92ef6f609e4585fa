package org.htsr.linalg;

/** The factory for local solvers. */
public final class SpectrumSolvers {

  private SpectrumSolvers() {}

  /**
   * The local solver for a choice: {@link SvdSolver} for {@code SVD}, {@link GramEigenSolver}
   * otherwise (the distributed route, when chosen, reduces to a Gram matrix solved locally too).
   */
  public static SpectrumSolver local(SolverChoice choice) {
    return choice == SolverChoice.SVD ? new SvdSolver() : new GramEigenSolver();
  }
}
