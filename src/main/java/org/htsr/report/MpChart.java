package org.htsr.report;

import java.awt.geom.Path2D;
import java.util.Arrays;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The ESD on linear axes with the Marchenko–Pastur density over the bulk (WeightWatcher's "mpfit"
 * plot): histogram of λ as a density over all n eigenvalues, ρ_MP on [λ−, λ+] (unscaled, as
 * WeightWatcher draws it: it integrates to 1 over the bulk), λ+ and the spike threshold
 * λ+ + TW margin marked, and each spike marked by a triangle at the foot of the plot.
 *
 * <p>A heavy tail would squash the bulk into the first bin, so the λ axis ends at λmax or at twice
 * the spike threshold, whichever is smaller (never before the threshold); the legend counts the
 * spikes beyond the axis.
 */
final class MpChart {

  static final int HISTOGRAM = 0;
  static final int CURVES = 1;

  /** Points along the MP curve; denser near the edges, where the square root bends. */
  private static final int CURVE_POINTS = 240;

  private MpChart() {}

  record Data(LayerPlotTitle title, double[] eigenvalues, MpBulk bulk) {}

  static JFreeChart build(Data data) {
    double[] evals = data.eigenvalues().clone();
    Arrays.sort(evals);
    MpBulk bulk = data.bulk();
    double lambdaMax = evals[evals.length - 1];
    double threshold = bulk.spikeThreshold();
    double upper = Math.max(threshold, Math.min(lambdaMax, 2 * threshold)) * 1.05;

    Histogram h = Histogram.linear(evals, 0, upper, Histogram.binsFor(evals.length));
    XYIntervalSeries bars = new XYIntervalSeries("ESD: histogram density of λ (n=" + evals.length + ")");
    double maxBin = 0;
    for (int b = 0; b < h.bins(); b++) {
      double d = h.density(b);
      bars.add((h.lower(b) + h.upper(b)) / 2, h.lower(b), h.upper(b), d, 0, d);
      maxBin = Math.max(maxBin, d);
    }

    XYSeries mp = new XYSeries("Marchenko–Pastur density, Q=" + Numbers.format(bulk.q()) + ", σ²=" + Numbers.format(bulk.sigmaSquared())
        + " on [λ−, λ+]", false);
    double maxMp = 0;
    for (int i = 0; i <= CURVE_POINTS; i++) {
      double t = (1 - Math.cos(Math.PI * i / CURVE_POINTS)) / 2;
      double lambda = bulk.lambdaMinus() + t * (bulk.lambdaPlus() - bulk.lambdaMinus());
      if (lambda <= 0) {
        continue; // Q = 1: the density diverges at λ = 0
      }
      double rho = bulk.density(lambda);
      mp.add(lambda, rho);
      maxMp = Math.max(maxMp, rho);
    }
    // with Q near 1 the density is steep near 0; the histogram, not that peak, sets the scale
    double top = 1.15 * Math.max(maxBin, Math.min(maxMp, 3 * maxBin));

    double[] spikes = Arrays.stream(evals).filter(v -> v > threshold).toArray();
    long beyond = Arrays.stream(spikes).filter(v -> v > upper).count();
    XYSeries marks = new XYSeries("spikes: " + spikes.length + " eigenvalues > λ+ + TW margin"
        + (beyond > 0 ? " (" + beyond + " beyond the axis, up to λmax=" + Numbers.format(lambdaMax) + ")" : ""), false);
    for (double s : spikes) {
      if (s <= upper) {
        marks.add(s, top * 0.03);
      }
    }

    NumberAxis x = Charts.linear("λ (eigenvalue of WᵀW)");
    x.setRange(0, upper);
    NumberAxis y = Charts.linear("ρ(λ) (density)");
    y.setRange(0, top > 0 ? top : 1);
    XYPlot plot = Charts.plot(x, y);
    plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
    XYIntervalSeriesCollection histogram = new XYIntervalSeriesCollection();
    histogram.addSeries(bars);
    plot.setDataset(HISTOGRAM, histogram);
    XYBarRenderer barRenderer = new XYBarRenderer();
    barRenderer.setBarPainter(new StandardXYBarPainter());
    barRenderer.setShadowVisible(false);
    barRenderer.setSeriesPaint(0, Charts.ESD);
    plot.setRenderer(HISTOGRAM, barRenderer);

    XYSeriesCollection curves = new XYSeriesCollection();
    curves.addSeries(mp);
    curves.addSeries(marks);
    plot.setDataset(CURVES, curves);
    XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer();
    lines.setSeriesLinesVisible(0, true);
    lines.setSeriesShapesVisible(0, false);
    lines.setSeriesPaint(0, Charts.FIT);
    lines.setSeriesStroke(0, Charts.LINE);
    lines.setSeriesLinesVisible(1, false);
    lines.setSeriesShapesVisible(1, true);
    lines.setSeriesPaint(1, Charts.SPIKE);
    lines.setSeriesShape(1, triangle());
    plot.setRenderer(CURVES, lines);

    // λ+'s label goes left of its line: the threshold's line follows close on the right
    Charts.labelLeft(Charts.vertical(plot, bulk.lambdaPlus(), "λ+=" + Numbers.format(bulk.lambdaPlus()) + " ", Charts.FIT, Charts.DASHED));
    Charts.labelMiddle(Charts.vertical(plot, threshold, " λ+ + TW margin", Charts.SPIKE, Charts.DOTTED));
    if (bulk.lambdaMinus() > 0) {
      Charts.vertical(plot, bulk.lambdaMinus(), " λ−", Charts.FIT, Charts.DASHED);
    }
    return Charts.chart(data.title().title() + ": ESD and Marchenko–Pastur fit", data.title().subtitle(), plot);
  }

  private static Path2D triangle() {
    Path2D.Double t = new Path2D.Double();
    t.moveTo(0, -5);
    t.lineTo(4.5, 4);
    t.lineTo(-4.5, 4);
    t.closePath();
    return t;
  }
}
