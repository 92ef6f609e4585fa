package org.htsr.stats;

import java.util.function.ToDoubleFunction;

/**
 * SciPy's {@code scipy.optimize.fmin} (Nelder–Mead, non-adaptive) step for step, so that fits that
 * WeightWatcher and powerlaw polish with it land on the same point.
 *
 * <p>Port of {@code _minimize_neldermead} (SciPy 1.10–1.17, identical for this path): initial
 * simplex x0 and x0 with coordinate k multiplied by 1.05 (0.00025 where it is 0); reflection ρ = 1,
 * expansion χ = 2, contraction ψ = 1/2, shrink σ = 1/2; stop when max|xᵢ − x₀| ≤ xatol and
 * max|fᵢ − f₀| ≤ fatol, or after 200·N iterations or 200·N function calls. Vertices are re-sorted
 * by a stable sort after every step (NumPy's argsort on so few elements is an insertion sort), NaN
 * values last. Only {@code fmin}'s defaults are used: xtol = ftol = 1e-4.
 */
final class NelderMead {

  /** fmin's default xtol and ftol. */
  static final double DEFAULT_TOLERANCE = 1e-4;

  private static final double RHO = 1;
  private static final double CHI = 2;
  private static final double PSI = 0.5;
  private static final double SIGMA = 0.5;
  private static final double NONZERO_DELTA = 0.05;
  private static final double ZERO_DELTA = 0.00025;

  private NelderMead() {}

  /** The best vertex found, its value, and SciPy's iteration and call counts. */
  record Result(double[] x, double value, int iterations, int evaluations) {}

  /** Minimises {@code f} from {@code x0} with fmin's defaults. */
  static Result fmin(ToDoubleFunction<double[]> f, double[] x0) {
    return minimize(f, x0, DEFAULT_TOLERANCE, DEFAULT_TOLERANCE);
  }

  static Result minimize(ToDoubleFunction<double[]> f, double[] x0, double xatol, double fatol) {
    int n = x0.length;
    int maxIterations = 200 * n;
    Counted func = new Counted(f, 200 * n);
    double[][] sim = new double[n + 1][];
    sim[0] = x0.clone();
    for (int k = 0; k < n; k++) {
      double[] y = x0.clone();
      y[k] = y[k] != 0 ? (1 + NONZERO_DELTA) * y[k] : ZERO_DELTA;
      sim[k + 1] = y;
    }
    double[] fsim = new double[n + 1];
    java.util.Arrays.fill(fsim, Double.POSITIVE_INFINITY);
    try {
      for (int k = 0; k <= n; k++) {
        fsim[k] = func.apply(sim[k]);
      }
    } catch (BudgetExhausted e) {
      // SciPy stops evaluating and sorts what it has
    }
    sortVertices(sim, fsim);
    int iterations = 1;
    while (func.calls < func.budget && iterations < maxIterations) {
      if (converged(sim, fsim, xatol, fatol)) {
        break;
      }
      try {
        step(sim, fsim, func);
        iterations++;
      } catch (BudgetExhausted e) {
        // as SciPy: the iteration is abandoned and the loop condition ends the search
      }
      sortVertices(sim, fsim);
    }
    double best = fsim[0];
    for (double v : fsim) {
      best = Math.min(best, v);
    }
    return new Result(sim[0], best, iterations, func.calls);
  }

  private static boolean converged(double[][] sim, double[] fsim, double xatol, double fatol) {
    double dx = Double.NEGATIVE_INFINITY;
    double df = Double.NEGATIVE_INFINITY;
    for (int j = 1; j < sim.length; j++) {
      for (int k = 0; k < sim[0].length; k++) {
        dx = nanMax(dx, Math.abs(sim[j][k] - sim[0][k]));
      }
      df = nanMax(df, Math.abs(fsim[0] - fsim[j]));
    }
    return dx <= xatol && df <= fatol;
  }

  /** np.max propagates NaN. */
  private static double nanMax(double a, double b) {
    return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b);
  }

  private static void step(double[][] sim, double[] fsim, Counted func) {
    int n = sim.length - 1;
    double[] last = sim[n];
    double[] xbar = new double[n];
    for (int j = 0; j < n; j++) {
      for (int k = 0; k < n; k++) {
        xbar[k] += sim[j][k];
      }
    }
    for (int k = 0; k < n; k++) {
      xbar[k] /= n;
    }
    double[] xr = combine(1 + RHO, xbar, -RHO, last);
    double fxr = func.apply(xr);
    if (fxr < fsim[0]) {
      double[] xe = combine(1 + RHO * CHI, xbar, -RHO * CHI, last);
      double fxe = func.apply(xe);
      if (fxe < fxr) {
        replaceLast(sim, fsim, xe, fxe);
      } else {
        replaceLast(sim, fsim, xr, fxr);
      }
      return;
    }
    if (fxr < fsim[n - 1]) {
      replaceLast(sim, fsim, xr, fxr);
      return;
    }
    boolean shrink;
    if (fxr < fsim[n]) {
      double[] xc = combine(1 + PSI * RHO, xbar, -PSI * RHO, last);
      double fxc = func.apply(xc);
      shrink = !(fxc <= fxr);
      if (!shrink) {
        replaceLast(sim, fsim, xc, fxc);
      }
    } else {
      double[] xcc = combine(1 - PSI, xbar, PSI, last);
      double fxcc = func.apply(xcc);
      shrink = !(fxcc < fsim[n]);
      if (!shrink) {
        replaceLast(sim, fsim, xcc, fxcc);
      }
    }
    if (shrink) {
      for (int j = 1; j <= n; j++) {
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
          v[k] = sim[0][k] + SIGMA * (sim[j][k] - sim[0][k]);
        }
        sim[j] = v;
        fsim[j] = func.apply(v);
      }
    }
  }

  /** a·x + b·y elementwise, evaluated as NumPy does: (a*x) + (b*y). */
  private static double[] combine(double a, double[] x, double b, double[] y) {
    double[] out = new double[x.length];
    for (int k = 0; k < x.length; k++) {
      out[k] = a * x[k] + b * y[k];
    }
    return out;
  }

  private static void replaceLast(double[][] sim, double[] fsim, double[] x, double fx) {
    sim[sim.length - 1] = x;
    fsim[fsim.length - 1] = fx;
  }

  /** Stable insertion sort of the vertices by value, NaN last (NumPy's order). */
  private static void sortVertices(double[][] sim, double[] fsim) {
    for (int i = 1; i < fsim.length; i++) {
      double fv = fsim[i];
      double[] xv = sim[i];
      int j = i - 1;
      while (j >= 0 && before(fv, fsim[j])) {
        fsim[j + 1] = fsim[j];
        sim[j + 1] = sim[j];
        j--;
      }
      fsim[j + 1] = fv;
      sim[j + 1] = xv;
    }
  }

  private static boolean before(double a, double b) {
    if (Double.isNaN(a)) {
      return false;
    }
    return Double.isNaN(b) || a < b;
  }

  /** The objective with SciPy's call budget. */
  private static final class Counted {
    private final ToDoubleFunction<double[]> f;
    private final int budget;
    private int calls;

    Counted(ToDoubleFunction<double[]> f, int budget) {
      this.f = f;
      this.budget = budget;
    }

    double apply(double[] x) {
      if (calls >= budget) {
        throw new BudgetExhausted();
      }
      calls++;
      return f.applyAsDouble(x.clone());
    }
  }

  /** SciPy's _MaxFuncCallError: control flow inside this class only. */
  private static final class BudgetExhausted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BudgetExhausted() {
      super(null, null, false, false);
    }
  }
}
