package org.htsr.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;

/**
 * One layer's ESD at each run's last step, on shared axes (the paper's batch-size figure): the
 * density of log10 λ per run, in the same bins for every run, so spectra that stretch into a heavy
 * tail are seen against those that stay in a bulk.
 */
final class EsdAcrossRunsChart {

  static final int BINS = 40;

  private EsdAcrossRunsChart() {}

  static JFreeChart build(Comparisons.EsdAcrossRuns esd) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = 0;
    for (double[] ev : esd.eigenvaluesByRun().values()) {
      for (double v : ev) {
        hi = Math.max(hi, v);
      }
    }
    // eigenvalues below λmax·1e-12 are numerical zeros of the solver, not part of any spectrum
    for (double[] ev : esd.eigenvaluesByRun().values()) {
      for (double v : ev) {
        if (v > hi * 1e-12) {
          lo = Math.min(lo, v);
        }
      }
    }
    List<SeriesChart.Series> series = new ArrayList<>();
    if (hi > 0 && lo < hi) {
      for (Map.Entry<String, double[]> e : esd.eigenvaluesByRun().entrySet()) {
        Histogram h = Histogram.logarithmic(e.getValue(), lo, hi, BINS);
        double[] x = new double[BINS];
        double[] y = new double[BINS];
        double logWidth = (Math.log10(hi) - Math.log10(lo)) / BINS;
        for (int i = 0; i < BINS; i++) {
          x[i] = Math.pow(10, Math.log10(lo) + (i + 0.5) * logWidth);
          y[i] = (double) h.count(i) / (e.getValue().length * logWidth);
        }
        series.add(new SeriesChart.Series(e.getKey(), x, y));
      }
    }
    return SeriesChart.build(new SeriesChart.Data(esd.layer() + ": ESD at each run's last step",
        "density of log10 λ in " + BINS + " shared bins; runs in natural order", "eigenvalue λ of WᵀW",
        "density per decade", series, SeriesChart.Style.LINES, List.of(), SeriesChart.XScale.LOG));
  }
}
