package org.htsr.report;

import java.util.Arrays;
import java.util.Optional;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The ESD on log-log axes (WeightWatcher's "esd" plot): the log-binned density ρ(λ) of every
 * eigenvalue a log axis can place ({@link LogScaleEigenvalues}; those the fit left out, λ ≤ 1e-5,
 * left of a dotted line), and the fitted power law ρ(λ) ∝ λ^−α drawn over the range it was fitted
 * on, from xmin to λmax, with xmin marked. The power law is normalised as the tail's share of all
 * the eigenvalues drawn, f·(α−1)/xmin·(λ/xmin)^−α with f = n_tail/n, so it lies on the histogram
 * where the fit is good.
 */
final class EsdChart {

  /** WeightWatcher fits eigenvalues above 1e-5 only (its EVALS_THRESH); the plot marks it when smaller ones show. */
  static final double FIT_THRESHOLD = 1e-5;

  /** Dataset indices, for readers of the chart. */
  static final int HISTOGRAM = 0;
  static final int POWER_LAW = 1;

  private EsdChart() {}

  /** What the chart takes: a layer's eigenvalues (any order) and its fit, if it has one. */
  record Data(LayerPlotTitle title, double[] eigenvalues, Optional<TailFit> tail) {}

  static JFreeChart build(Data data) {
    LogScaleEigenvalues visible = LogScaleEigenvalues.of(data.eigenvalues());
    double[] drawn = visible.shown();
    XYSeries esd = new XYSeries("ESD: log-binned density of λ (n=" + drawn.length + ")", false);
    XYSeriesCollection fit = new XYSeriesCollection();
    if (drawn.length > 0) {
      double lo = drawn[0];
      double hi = drawn[drawn.length - 1];
      if (hi <= lo) {
        lo /= 1.5;
        hi *= 1.5;
      }
      Histogram h = Histogram.logarithmic(drawn, lo, hi, Histogram.binsFor(drawn.length));
      for (int b = 0; b < h.bins(); b++) {
        // empty bins have no place on a log axis
        if (h.count(b) > 0) {
          esd.add(h.geometricCentre(b), h.density(b));
        }
      }
      data.tail().ifPresent(t -> fit.addSeries(powerLaw(t, drawn)));
    }
    XYPlot plot = Charts.plot(Charts.log("λ (eigenvalue of WᵀW)"), Charts.log("ρ(λ) (density)"));
    plot.setDataset(HISTOGRAM, new XYSeriesCollection(esd));
    XYLineAndShapeRenderer points = new XYLineAndShapeRenderer(true, true);
    points.setSeriesPaint(0, Charts.ESD);
    points.setSeriesStroke(0, Charts.THIN);
    plot.setRenderer(HISTOGRAM, points);
    plot.setDataset(POWER_LAW, fit);
    XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, false);
    line.setSeriesPaint(0, Charts.FIT);
    line.setSeriesStroke(0, Charts.LINE);
    plot.setRenderer(POWER_LAW, line);
    data.tail().ifPresent(t -> Charts.vertical(plot, t.xmin(), " xmin", Charts.FIT, Charts.DASHED));
    long unfitted = visible.belowFitThreshold();
    if (unfitted > 0) {
      Charts.vertical(plot, FIT_THRESHOLD, " 1e-5: WeightWatcher fits above", Charts.MEAN, Charts.DOTTED);
    }
    String subtitle = data.title().subtitle() + data.tail().map(t -> " · D=" + Numbers.format(t.ksDistance())).orElse(" · no power-law fit")
        + (unfitted > 0 ? " · " + unfitted + " λ ≤ 1e-5 not fitted" : "") + visible.hiddenNote();
    return Charts.chart(data.title().title() + ": ESD, log-log", subtitle, plot);
  }

  /** The power law from xmin to λmax (a straight line on log-log axes: its two ends suffice). */
  private static XYSeries powerLaw(TailFit t, double[] sortedDrawn) {
    double lambdaMax = sortedDrawn[sortedDrawn.length - 1];
    long tail = Arrays.stream(sortedDrawn).filter(v -> v >= t.xmin()).count();
    double share = (double) tail / sortedDrawn.length;
    XYSeries s = new XYSeries("power law α=" + Numbers.format(t.alpha()) + ", xmin=" + Numbers.format(t.xmin()) + " (fit range xmin…λmax)", false);
    for (double x : new double[] {t.xmin(), lambdaMax}) {
      s.add(x, share * (t.alpha() - 1) / t.xmin() * Math.pow(x / t.xmin(), -t.alpha()));
    }
    return s;
  }
}
