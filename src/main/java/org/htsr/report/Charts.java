package org.htsr.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Stroke;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/** The look every report chart shares: white plot, light grid, titles and legends in one font. */
final class Charts {

  static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);
  static final Font SUBTITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
  static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
  static final Font MARKER = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

  static final Color ESD = new Color(0x3a6ea5);
  static final Color FIT = new Color(0xd62728);
  static final Color RANDOMIZED = new Color(0xff7f0e);
  static final Color SPIKE = new Color(0x9467bd);
  static final Color MEAN = new Color(0x222222);
  static final Color LABEL_BACKGROUND = new Color(255, 255, 255, 210);

  static final Stroke LINE = new BasicStroke(2f);
  static final Stroke THIN = new BasicStroke(1f);
  static final Stroke DASHED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);
  static final Stroke DOTTED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {2f, 3f}, 0f);

  private Charts() {}

  /** A chart with the report's title font, a legend below the plot and an optional subtitle line. */
  static JFreeChart chart(String title, String subtitle, XYPlot plot) {
    JFreeChart chart = new JFreeChart(title, TITLE, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    chart.setAntiAlias(true);
    chart.setTextAntiAlias(true);
    if (!subtitle.isEmpty()) {
      chart.addSubtitle(new TextTitle(subtitle, SUBTITLE));
    }
    chart.getLegend().setPosition(RectangleEdge.BOTTOM);
    chart.getLegend().setItemFont(LABEL);
    return chart;
  }

  static XYPlot plot(ValueAxis x, ValueAxis y) {
    XYPlot plot = new XYPlot();
    plot.setDomainAxis(x);
    plot.setRangeAxis(y);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xdddddd));
    plot.setRangeGridlinePaint(new Color(0xdddddd));
    plot.setOutlinePaint(new Color(0x888888));
    return plot;
  }

  /** A base-10 log axis whose ticks read 10^k, with 2× and 5× labels when under two decades show. */
  static LogAxis log(String label) {
    LogAxis axis = new ReadableLogAxis(label);
    axis.setBase(10);
    axis.setBaseSymbol("10");
    axis.setSmallestValue(1e-300);
    // whole decades only: 10^0.2 ticks read badly, and spectra span several decades
    axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    axis.setMinorTickCount(9);
    axis.setMinorTickMarksVisible(true);
    axis.setLabelFont(LABEL);
    return axis;
  }

  /**
   * A log axis when the positive values span a decade or more (batch sizes 8…512, learning rates),
   * else a linear one: a log scale over less than a decade only hides the spacing.
   */
  static ValueAxis axisFor(String label, double[] values) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    if (values.length > 0 && lo > 0 && hi / lo >= 10) {
      return log(label);
    }
    return linear(label);
  }

  /**
   * The training-step axis of the trend charts, by {@link #axisFor}'s rule: logarithmic when the
   * steps span a decade or more (1k…64k), linear with whole-step ticks otherwise (and whenever step 0,
   * the initialisation, is among them: a log axis cannot place it).
   */
  static ValueAxis steps(double[] steps) {
    ValueAxis axis = axisFor("training step", steps);
    if (axis instanceof NumberAxis linear) {
      linear.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    }
    return axis;
  }

  static NumberAxis linear(String label) {
    NumberAxis axis = new NumberAxis(label);
    axis.setLabelFont(LABEL);
    axis.setAutoRangeIncludesZero(false);
    // a point at 0 (layer 0, step 0) would otherwise sit on the axis line
    axis.setAutoRangeStickyZero(false);
    return axis;
  }

  /** A vertical line at {@code x} with its label written in the plot (foreground layer). */
  static ValueMarker vertical(XYPlot plot, double x, String label, Paint paint, Stroke stroke) {
    ValueMarker marker = labelled(x, label, paint, stroke);
    marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
    marker.setLabelTextAnchor(TextAnchor.TOP_LEFT);
    plot.addDomainMarker(0, marker, Layer.FOREGROUND);
    return marker;
  }

  /** Moves a vertical marker's label to the left of its line (for lines near the right edge). */
  static void labelLeft(ValueMarker marker) {
    marker.setLabelAnchor(RectangleAnchor.TOP_LEFT);
    marker.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
  }

  /** Moves a vertical marker's label half-way down, so it clears the label of a line next to it. */
  static void labelMiddle(ValueMarker marker) {
    marker.setLabelAnchor(RectangleAnchor.RIGHT);
    marker.setLabelTextAnchor(TextAnchor.CENTER_LEFT);
  }

  /** A horizontal line at {@code y} with its label written in the plot. */
  static ValueMarker horizontal(XYPlot plot, double y, String label, Paint paint, Stroke stroke) {
    ValueMarker marker = labelled(y, label, paint, stroke);
    marker.setLabelAnchor(RectangleAnchor.TOP_LEFT);
    marker.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
    plot.addRangeMarker(0, marker, Layer.FOREGROUND);
    return marker;
  }

  /** A line marker with the report's label style; the caller places the label. */
  private static ValueMarker labelled(double value, String label, Paint paint, Stroke stroke) {
    ValueMarker marker = new ValueMarker(value, paint, stroke);
    marker.setLabel(label);
    marker.setLabelFont(MARKER);
    marker.setLabelPaint(paint);
    marker.setLabelBackgroundColor(LABEL_BACKGROUND);
    return marker;
  }
}
