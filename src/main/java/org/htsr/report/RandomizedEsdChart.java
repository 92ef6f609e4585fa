package org.htsr.report;

import java.awt.Color;
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

/**
 * The ESD beside the ESD of the same matrix with its entries shuffled (WeightWatcher's "randesd"):
 * both as densities per decade over the same log10 λ bins, the ESD as bars and the randomized ESD
 * as a line over them, λmax of each marked. Shuffling keeps the entries and destroys their
 * correlations, so what the trained ESD has and the randomized one lacks (a tail, spikes far
 * beyond the randomized λmax) is learned structure; a randomized λmax far above its bulk is a
 * correlation trap.
 */
final class RandomizedEsdChart {

  static final int ORIGINAL = 0;
  static final int RANDOMIZED = 1;

  private RandomizedEsdChart() {}

  record Data(LayerPlotTitle title, double[] eigenvalues, double[] randomized) {}

  static JFreeChart build(Data data) {
    double[] original = positive(data.eigenvalues());
    double[] shuffled = positive(data.randomized());
    double lo = Math.min(min(original), min(shuffled));
    double hi = Math.max(max(original), max(shuffled));
    if (original.length + shuffled.length == 0) {
      lo = EsdChart.FIT_THRESHOLD;
      hi = 1;
    } else if (hi <= lo) {
      lo /= 1.5;
      hi *= 1.5;
    }
    int bins = Histogram.binsFor(Math.max(original.length, shuffled.length));
    NumberAxis y = Charts.linear("density per decade of λ");
    y.setAutoRangeIncludesZero(true);
    XYPlot plot = Charts.plot(Charts.log("λ (eigenvalue of WᵀW)"), y);
    plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);

    plot.setDataset(ORIGINAL, histogram("ESD (n=" + original.length + ")", Histogram.logarithmic(original, lo, hi, bins)));
    XYBarRenderer bars = new XYBarRenderer();
    bars.setBarPainter(new StandardXYBarPainter());
    bars.setShadowVisible(false);
    bars.setSeriesPaint(0, new Color(Charts.ESD.getRed(), Charts.ESD.getGreen(), Charts.ESD.getBlue(), 150));
    plot.setRenderer(ORIGINAL, bars);

    plot.setDataset(RANDOMIZED, histogram("randomized ESD: entries of W shuffled (n=" + shuffled.length + ")",
        Histogram.logarithmic(shuffled, lo, hi, bins)));
    XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, true);
    line.setSeriesPaint(0, Charts.RANDOMIZED);
    line.setSeriesStroke(0, Charts.LINE);
    plot.setRenderer(RANDOMIZED, line);

    if (original.length > 0) {
      Charts.labelLeft(Charts.vertical(plot, max(original), "λmax ", Charts.ESD, Charts.DASHED));
    }
    if (shuffled.length > 0) {
      Charts.labelMiddle(Charts.vertical(plot, max(shuffled), " randomized λmax", Charts.RANDOMIZED, Charts.DASHED));
    }
    return Charts.chart(data.title().title() + ": ESD and randomized ESD", data.title().subtitle() + " · λ > 1e-5", plot);
  }

  /** Densities per decade: bars span their bin, the line joins the bins' geometric centres. */
  private static XYIntervalSeriesCollection histogram(String key, Histogram h) {
    XYIntervalSeries s = new XYIntervalSeries(key);
    for (int b = 0; b < h.bins(); b++) {
      double d = h.densityPerDecade(b);
      s.add(h.geometricCentre(b), h.lower(b), h.upper(b), d, 0, d);
    }
    XYIntervalSeriesCollection c = new XYIntervalSeriesCollection();
    c.addSeries(s);
    return c;
  }

  private static double[] positive(double[] values) {
    return Arrays.stream(values).filter(v -> v > EsdChart.FIT_THRESHOLD).sorted().toArray();
  }

  private static double min(double[] sorted) {
    return sorted.length == 0 ? Double.POSITIVE_INFINITY : sorted[0];
  }

  private static double max(double[] sorted) {
    return sorted.length == 0 ? Double.NEGATIVE_INFINITY : sorted[sorted.length - 1];
  }
}
