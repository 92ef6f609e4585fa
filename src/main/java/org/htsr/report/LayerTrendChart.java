package org.htsr.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.util.List;
import java.util.stream.Stream;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.plot.DefaultDrawingSupplier;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A per-layer metric (α or α̂) against the training step, one line per layer, with the checkpoint
 * mean drawn bold on top. Up to {@link #NAMED_LAYERS} layers each get a colour and a legend entry;
 * beyond that the layers are thin grey lines under one legend entry, since a legend of hundreds of
 * names says nothing.
 */
final class LayerTrendChart {

  static final int NAMED_LAYERS = 10;
  static final int LAYERS = 0;
  static final int MEAN = 1;
  private static final Color GREY = new Color(0, 0, 0, 60);
  private static final BasicStroke BOLD = new BasicStroke(3f);

  private LayerTrendChart() {}

  record Data(String title, String subtitle, String metric, List<StepSeries> layers, StepSeries mean) {}

  static JFreeChart build(Data data) {
    XYSeriesCollection layers = new XYSeriesCollection();
    data.layers().forEach(s -> layers.addSeries(s.xy()));
    double[] steps = Stream.concat(data.layers().stream(), Stream.of(data.mean())).flatMapToDouble(StepSeries::steps).toArray();
    XYPlot plot = Charts.plot(Charts.steps(steps), Charts.linear(data.metric()));
    plot.setDataset(LAYERS, layers);
    XYLineAndShapeRenderer layerLines = new XYLineAndShapeRenderer(true, true);
    boolean named = data.layers().size() <= NAMED_LAYERS;
    DefaultDrawingSupplier colours = new DefaultDrawingSupplier();
    for (int i = 0; i < data.layers().size(); i++) {
      layerLines.setSeriesPaint(i, named ? colours.getNextPaint() : GREY);
      layerLines.setSeriesStroke(i, Charts.THIN);
      layerLines.setSeriesShape(i, new Ellipse2D.Double(-2, -2, 4, 4));
    }
    plot.setRenderer(LAYERS, layerLines);
    plot.setDataset(MEAN, new XYSeriesCollection(data.mean().xy()));
    XYLineAndShapeRenderer meanLine = new XYLineAndShapeRenderer(true, true);
    meanLine.setSeriesPaint(0, Charts.MEAN);
    meanLine.setSeriesStroke(0, BOLD);
    plot.setRenderer(MEAN, meanLine);
    if (!named) {
      LegendItemCollection legend = new LegendItemCollection();
      legend.add(new LegendItem("each grey line: one of " + data.layers().size() + " layers", null, null, null,
          new Line2D.Double(-7, 0, 7, 0), Charts.THIN, Color.GRAY));
      legend.add(new LegendItem(data.mean().label(), null, null, null, new Line2D.Double(-7, 0, 7, 0), BOLD, Charts.MEAN));
      plot.setFixedLegendItems(legend);
    }
    return Charts.chart(data.title(), data.subtitle(), plot);
  }

}
