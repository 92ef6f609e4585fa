package org.htsr.report;

import java.awt.Color;
import java.util.Optional;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;

/**
 * The ESD beside the ESD of the same matrix with its entries shuffled (WeightWatcher's "randesd"):
 * both as densities per decade over the same log10 λ bins, the ESD as bars and the randomized ESD
 * as a line over them, λmax of each marked, and the MP bulk edge λ+ of the randomized ESD.
 * Shuffling keeps the entries and destroys their correlations, so the shuffled matrix should be
 * all bulk: its eigenvalues beyond its own MP edge (rand_num_spikes, in the title) are correlation
 * traps, single large entries that survive any shuffle. What the trained ESD has and the randomized
 * one lacks (a tail, spikes far beyond the randomized λmax) is learned structure.
 */
final class RandomizedEsdChart {

  static final int ORIGINAL = 0;
  static final int RANDOMIZED = 1;

  private RandomizedEsdChart() {}

  /** The layer's ESD, its randomized ESD and the randomized metrics of its row, if the table has them. */
  record Data(LayerPlotTitle title, double[] eigenvalues, double[] randomized, Optional<RandomizedMetrics> metrics) {}

  static JFreeChart build(Data data) {
    LogScaleEigenvalues originalVisible = LogScaleEigenvalues.of(data.eigenvalues());
    LogScaleEigenvalues shuffledVisible = LogScaleEigenvalues.of(data.randomized());
    double[] original = originalVisible.shown();
    double[] shuffled = shuffledVisible.shown();
    Optional<Double> edge = data.metrics().flatMap(RandomizedMetrics::randomizedBulkMax).filter(v -> v > 0 && Double.isFinite(v));
    Integer traps = data.metrics().map(RandomizedMetrics::randNumSpikes).orElse(null);
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
    LogAxis x = Charts.log("λ (eigenvalue of WᵀW)");
    XYPlot plot = Charts.plot(x, y);
    plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);

    plot.setDataset(ORIGINAL, histogram("ESD (n=" + original.length + ")", Histogram.logarithmic(original, lo, hi, bins)));
    XYBarRenderer bars = new XYBarRenderer();
    bars.setBarPainter(new StandardXYBarPainter());
    bars.setShadowVisible(false);
    bars.setSeriesPaint(0, new Color(Charts.ESD.getRed(), Charts.ESD.getGreen(), Charts.ESD.getBlue(), 150));
    plot.setRenderer(ORIGINAL, bars);

    plot.setDataset(RANDOMIZED, histogram("randomized ESD (entries of W shuffled, n=" + shuffled.length + ")" + trapNote(traps, edge),
        Histogram.logarithmic(shuffled, lo, hi, bins)));
    XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, true);
    line.setSeriesPaint(0, Charts.RANDOMIZED);
    line.setSeriesStroke(0, Charts.LINE);
    plot.setRenderer(RANDOMIZED, line);

    // the axis spans the bins and every marked line, with a little room on both sides
    double axisLo = Math.min(lo, edge.orElse(lo));
    double axisHi = Math.max(hi, edge.orElse(hi));
    double pad = Math.pow(axisHi / axisLo, 0.03);
    x.setRange(axisLo / pad, axisHi * pad);
    if (original.length > 0) {
      inward(Charts.vertical(plot, max(original), " λmax ", Charts.ESD, Charts.DASHED), x, RectangleAnchor.TOP);
    }
    if (shuffled.length > 0) {
      inward(Charts.vertical(plot, max(shuffled), " randomized λmax ", Charts.RANDOMIZED, Charts.DASHED), x, RectangleAnchor.CENTER);
    }
    edge.ifPresent(e -> inward(Charts.vertical(plot, e, " randomized λ+ (MP edge) ", Charts.RANDOMIZED, Charts.DOTTED), x, RectangleAnchor.BOTTOM));
    String title = data.title().title() + ": ESD and randomized ESD"
        + (traps == null ? "" : " · " + traps + (traps == 1 ? " correlation trap" : " correlation traps"));
    String subtitle = data.title().subtitle() + originalVisible.hiddenNote()
        + (shuffledVisible.hidden() == 0 ? "" : " · randomized:" + shuffledVisible.hiddenNote().substring(2));
    return Charts.chart(title, subtitle, plot);
  }

  /** The legend's word on traps: how many randomized eigenvalues lie beyond the randomized ESD's own MP edge. */
  private static String trapNote(Integer traps, Optional<Double> edge) {
    if (traps == null) {
      return "";
    }
    return ": " + traps + (traps == 1 ? " trap" : " traps") + " beyond its MP edge" + edge.map(e -> " λ+=" + Numbers.format(e)).orElse("");
  }

  /**
   * Writes a line's label on the side facing the plot's centre, at the given height (TOP, CENTER or
   * BOTTOM), so a line near either edge keeps its label inside the plot instead of clipping it.
   */
  static void inward(ValueMarker marker, LogAxis axis, RectangleAnchor height) {
    double lo = Math.log10(axis.getLowerBound());
    double hi = Math.log10(axis.getUpperBound());
    boolean rightHalf = (Math.log10(marker.getValue()) - lo) / (hi - lo) > 0.5;
    if (height == RectangleAnchor.TOP) {
      marker.setLabelAnchor(rightHalf ? RectangleAnchor.TOP_LEFT : RectangleAnchor.TOP_RIGHT);
      marker.setLabelTextAnchor(rightHalf ? TextAnchor.TOP_RIGHT : TextAnchor.TOP_LEFT);
    } else if (height == RectangleAnchor.BOTTOM) {
      marker.setLabelAnchor(rightHalf ? RectangleAnchor.BOTTOM_LEFT : RectangleAnchor.BOTTOM_RIGHT);
      marker.setLabelTextAnchor(rightHalf ? TextAnchor.BOTTOM_RIGHT : TextAnchor.BOTTOM_LEFT);
    } else {
      marker.setLabelAnchor(rightHalf ? RectangleAnchor.LEFT : RectangleAnchor.RIGHT);
      marker.setLabelTextAnchor(rightHalf ? TextAnchor.CENTER_RIGHT : TextAnchor.CENTER_LEFT);
    }
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

  private static double min(double[] sorted) {
    return sorted.length == 0 ? Double.POSITIVE_INFINITY : sorted[0];
  }

  private static double max(double[] sorted) {
    return sorted.length == 0 ? Double.NEGATIVE_INFINITY : sorted[sorted.length - 1];
  }
}
