package org.htsr.stats;

/**
 * scikit-learn's {@code KernelDensity(kernel='linear', bandwidth=h)} evaluated on a grid: the
 * triangular kernel density f(x) = (1/(n h)) Σᵢ max(0, 1 − |x − xᵢ|/h).
 *
 * <p>The normalisation is sklearn's: {@code _log_kernel_norm} for the linear kernel in d = 1 is
 * −(log V₁ − log 2) − log h = −log h (V₁ = 2), and {@code score_samples} subtracts log n. sklearn's
 * tree evaluates the same sum exactly when atol = rtol = 0 (its defaults). Each grid point here only
 * visits the data within h of it, so the cost is O(grid + n + pairs within h).
 */
final class LinearKernelDensity {

  private LinearKernelDensity() {}

  /**
   * The density of {@code ascending} (sorted data) at each point of {@code grid} (sorted too).
   */
  static double[] evaluate(double[] ascending, double[] grid, double bandwidth) {
    int n = ascending.length;
    double norm = 1 / (n * bandwidth);
    double[] density = new double[grid.length];
    int first = 0;
    for (int g = 0; g < grid.length; g++) {
      double x = grid[g];
      while (first < n && ascending[first] <= x - bandwidth) {
        first++;
      }
      double sum = 0;
      for (int i = first; i < n && ascending[i] < x + bandwidth; i++) {
        double d = Math.abs(x - ascending[i]);
        if (d < bandwidth) {
          sum += 1 - d / bandwidth;
        }
      }
      density[g] = sum * norm;
    }
    return density;
  }
}
