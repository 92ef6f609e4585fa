package org.htsr.stats;

/** NumPy's evenly spaced grids, value for value, for the ports that evaluate on them. */
final class NumpyGrids {

  private NumpyGrids() {}

  /** NumPy's {@code linspace(start, stop, num)}: start + i·step, the last point exactly stop. */
  static double[] linspace(double start, double stop, int num) {
    double[] out = new double[num];
    double step = (stop - start) / (num - 1);
    for (int i = 0; i < num; i++) {
      out[i] = i * step + start;
    }
    out[num - 1] = stop;
    return out;
  }

  /** NumPy's arange for doubles: ceil((stop − start)/step) points start + i·((start + step) − start). */
  static double[] arange(double start, double stop, double step) {
    int length = (int) Math.max(0, Math.ceil((stop - start) / step));
    double[] out = new double[length];
    double delta = (start + step) - start;
    for (int i = 0; i < length; i++) {
      out[i] = i == 1 ? start + step : start + i * delta;
    }
    return out;
  }
}
