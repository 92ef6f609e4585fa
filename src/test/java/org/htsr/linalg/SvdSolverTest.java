package org.htsr.linalg;

class SvdSolverTest extends SpectrumSolverContract {

  @Override
  SpectrumSolver solver() {
    return new SvdSolver();
  }

  @Override
  double eigenvalueTolerance() {
    return 1e-13;
  }
}
