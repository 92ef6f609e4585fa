package org.htsr.report;

import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.util.List;
import java.util.Optional;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * α of each layer through the network (x: layer_index, the tensor's position in the checkpoint),
 * with the band 2 ≤ α ≤ 6 outside which WeightWatcher warns (over-trained below 2, under-trained
 * above 6) and the mean α of the reliable fits.
 *
 * <p>The line joins only adjacent tensors (layer_index n and n+1, or slices of one tensor) that
 * each have a reliable fit: a row that failed, has no fit or an unreliable one ({@link
 * FitReliability}) breaks it, and so does a missing index. The tables do not say whether a missing
 * index was a bias or a matrix the planner skipped (posenet's depthwise kernels), so no gap is
 * bridged, and a network with biases between its matrices shows points only. Unreliable fits are
 * hollow grey circles that do not set the y scale; those beyond it sit on its edge.
 */
final class DepthChart {

  static final double OVER_TRAINED_BELOW = 2;
  static final double UNDER_TRAINED_ABOVE = 6;
  static final int RELIABLE = 0;
  static final int UNRELIABLE = 1;
  private static final Color WELL_TRAINED = new Color(0x2ca02c);
  private static final Color EDGE = new Color(0x1b7a1b);
  private static final Color TRANSPARENT = new Color(0, 0, 0, 0);
  private static final Color GREY = new Color(0x888888);

  private DepthChart() {}

  /** One layer row in checkpoint order; {@code fit} is empty when the layer failed or has no fit. */
  record Point(int layerIndex, Optional<TailFit> fit) {

    boolean reliable() {
      return fit.isPresent() && FitReliability.reliable(fit.get());
    }
  }

  record Data(String title, String subtitle, List<Point> points) {}

  static JFreeChart build(Data data) {
    List<Point> reliable = data.points().stream().filter(Point::reliable).toList();
    List<Point> unreliable = data.points().stream().filter(p -> p.fit().isPresent() && !p.reliable()).toList();
    // keep the band in view so a reader sees where the layers sit relative to it; only reliable fits widen it
    double lo = Math.min(1, reliable.stream().mapToDouble(p -> p.fit().get().alpha()).min().orElse(1)) - 0.25;
    double hi = Math.max(7, reliable.stream().mapToDouble(p -> p.fit().get().alpha()).max().orElse(7)) + 0.25;

    XYSeries line = new XYSeries("α per layer (" + reliable.size() + " reliable power-law fits; lines join adjacent tensors only)", false, true);
    Point previous = null;
    for (Point p : data.points()) {
      // a missing y ends the line (the renderer draws no segment to or from it): at an index gap, and at a layer without a reliable fit
      if (previous != null && p.layerIndex() - previous.layerIndex() > 1) {
        line.add(previous.layerIndex() + 1, null);
      }
      line.add(p.layerIndex(), p.reliable() ? p.fit().get().alpha() : null);
      previous = p;
    }
    XYSeries hollow = new XYSeries(unreliable.size() + " unreliable fits (" + FitReliability.RULE + "): not scaling the axis, clamped at its edge",
        false, true);
    double inset = 0.02 * (hi - lo);
    unreliable.forEach(p -> hollow.add(p.layerIndex(), Math.max(lo + inset, Math.min(hi - inset, p.fit().get().alpha()))));

    NumberAxis x = Charts.linear("layer index (position in the checkpoint)");
    x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    NumberAxis y = Charts.linear("α (power-law exponent of the ESD tail)");
    XYPlot plot = Charts.plot(x, y);
    plot.setDataset(RELIABLE, new XYSeriesCollection(line));
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    renderer.setSeriesPaint(0, Charts.ESD);
    renderer.setSeriesStroke(0, Charts.THIN);
    plot.setRenderer(RELIABLE, renderer);
    plot.setDataset(UNRELIABLE, new XYSeriesCollection(hollow));
    XYLineAndShapeRenderer circles = new XYLineAndShapeRenderer(false, true);
    circles.setSeriesPaint(0, GREY);
    circles.setSeriesShape(0, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
    circles.setSeriesShapesFilled(0, false);
    circles.setSeriesVisibleInLegend(0, !unreliable.isEmpty());
    plot.setRenderer(UNRELIABLE, circles);

    // the band is drawn translucent, which would fade a label on it too: its edges carry the labels
    plot.addRangeMarker(0, new IntervalMarker(OVER_TRAINED_BELOW, UNDER_TRAINED_ABOVE, WELL_TRAINED, Charts.THIN, null, null, 0.08f), Layer.BACKGROUND);
    for (ValueMarker edge : List.of(
        Charts.horizontal(plot, OVER_TRAINED_BELOW, "α=2: over-trained below (WeightWatcher)", EDGE, Charts.DOTTED),
        Charts.horizontal(plot, UNDER_TRAINED_ABOVE, "α=6: under-trained above", EDGE, Charts.DOTTED))) {
      // right-aligned and unboxed: the first layers, at the left, are often right on these lines
      edge.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
      edge.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
      edge.setLabelBackgroundColor(TRANSPARENT);
    }
    if (!reliable.isEmpty()) {
      double mean = reliable.stream().mapToDouble(p -> p.fit().get().alpha()).average().orElseThrow();
      Charts.horizontal(plot, mean, "mean α of reliable fits=" + Numbers.format(mean), Charts.MEAN, Charts.DASHED);
    }
    y.setAutoRangeIncludesZero(false);
    y.setRange(lo, hi);
    if (!data.points().isEmpty()) {
      // a fixed margin of one layer: an automatic one would show negative layer indices
      x.setRange(data.points().stream().mapToInt(Point::layerIndex).min().orElseThrow() - 1,
          data.points().stream().mapToInt(Point::layerIndex).max().orElseThrow() + 1);
    }
    return Charts.chart(data.title(), data.subtitle(), plot);
  }
}
