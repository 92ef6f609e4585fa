package org.htsr.report;

import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * <p>The line joins neighbouring layers that each have a reliable fit: a row that failed, has no
 * fit or an unreliable one ({@link FitReliability}) breaks it, and so does an unanalysed gap. The
 * tables count skipped tensors per checkpoint ({@code tensors_skipped}) but not where they sit, so
 * a gap is told from the regular spacing of the network: the usual step between neighbouring
 * layers (weight, bias, norm: usually 2 or more) is bridged, a wider one (a matrix the planner
 * skipped, such as posenet's depthwise kernels) breaks the line. Unreliable fits are hollow grey
 * circles that do not set the y scale; those beyond it sit on its edge.
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

  /** The most common step of layer_index between neighbouring rows (1 when there is none). */
  static int usualStep(List<Point> points) {
    Map<Integer, Integer> counts = new HashMap<>();
    for (int i = 1; i < points.size(); i++) {
      int step = points.get(i).layerIndex() - points.get(i - 1).layerIndex();
      if (step > 0) {
        counts.merge(step, 1, Integer::sum);
      }
    }
    // ties go to the smaller step: a gap is only what is wider than the network's regular spacing
    return counts.entrySet().stream()
        .max(Comparator.<Map.Entry<Integer, Integer>>comparingInt(Map.Entry::getValue)
            .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
        .map(Map.Entry::getKey).orElse(1);
  }

  static JFreeChart build(Data data) {
    List<Point> reliable = data.points().stream().filter(Point::reliable).toList();
    List<Point> unreliable = data.points().stream().filter(p -> p.fit().isPresent() && !p.reliable()).toList();
    // keep the band in view so a reader sees where the layers sit relative to it; only reliable fits widen it
    double lo = Math.min(1, reliable.stream().mapToDouble(p -> p.fit().get().alpha()).min().orElse(1)) - 0.25;
    double hi = Math.max(7, reliable.stream().mapToDouble(p -> p.fit().get().alpha()).max().orElse(7)) + 0.25;

    XYSeries line = new XYSeries("α per layer (" + reliable.size() + " reliable power-law fits; lines break at unanalysed gaps)", false, true);
    Point previous = null;
    int usualStep = usualStep(data.points());
    for (Point p : data.points()) {
      // a missing y ends the line (the renderer draws no segment to or from it): at an unanalysed gap, and at a layer without a reliable fit
      if (previous != null && p.layerIndex() - previous.layerIndex() > usualStep) {
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
