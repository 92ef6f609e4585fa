package org.htsr.report;

import java.awt.Color;
import java.util.List;
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
 * above 6) and the checkpoint's mean α.
 */
final class DepthChart {

  static final double OVER_TRAINED_BELOW = 2;
  static final double UNDER_TRAINED_ABOVE = 6;
  private static final Color WELL_TRAINED = new Color(0x2ca02c);
  private static final Color EDGE = new Color(0x1b7a1b);
  private static final Color TRANSPARENT = new Color(0, 0, 0, 0);

  private DepthChart() {}

  record Point(int layerIndex, double alpha) {}

  record Data(String title, String subtitle, List<Point> points) {}

  static JFreeChart build(Data data) {
    XYSeries alpha = new XYSeries("α per layer (" + data.points().size() + " layers with a power-law fit)", false);
    data.points().forEach(p -> alpha.add(p.layerIndex(), p.alpha()));
    NumberAxis x = Charts.linear("layer index (position in the checkpoint)");
    x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    NumberAxis y = Charts.linear("α (power-law exponent of the ESD tail)");
    XYPlot plot = Charts.plot(x, y);
    plot.setDataset(0, new XYSeriesCollection(alpha));
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    renderer.setSeriesPaint(0, Charts.ESD);
    renderer.setSeriesStroke(0, Charts.THIN);
    plot.setRenderer(0, renderer);

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
    if (!data.points().isEmpty()) {
      double mean = data.points().stream().mapToDouble(Point::alpha).average().orElseThrow();
      Charts.horizontal(plot, mean, "mean α=" + Numbers.format(mean), Charts.MEAN, Charts.DASHED);
    }
    // keep the band in view so a reader sees where the layers sit relative to it
    y.setAutoRangeIncludesZero(false);
    double lo = Math.min(1, data.points().stream().mapToDouble(Point::alpha).min().orElse(1));
    double hi = Math.max(7, data.points().stream().mapToDouble(Point::alpha).max().orElse(7));
    y.setRange(lo - 0.25, hi + 0.25);
    if (!data.points().isEmpty()) {
      // a fixed margin of one layer: an automatic one would show negative layer indices
      x.setRange(data.points().stream().mapToInt(Point::layerIndex).min().orElseThrow() - 1,
          data.points().stream().mapToInt(Point::layerIndex).max().orElseThrow() + 1);
    }
    return Charts.chart(data.title(), data.subtitle(), plot);
  }
}
