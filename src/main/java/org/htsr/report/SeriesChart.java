package org.htsr.report;

import java.awt.geom.Ellipse2D;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.DefaultDrawingSupplier;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Named series against one x: a metric against a hyperparameter (one line per layer), several
 * runs' curves against the epoch, or α̂ against accuracy (points only). The x axis is logarithmic
 * when its values span a decade or more (batch sizes, learning rates), and a y of categories
 * (phases) reads as their names.
 */
final class SeriesChart {

  /** Lines through the points, or the points alone (a scatter). */
  enum Style { LINES, POINTS }

  /** The x axis: logarithmic when the values span a decade or more, or always (spectra). */
  enum XScale { AUTO, LOG }

  /** One named series; x and y of equal length, non-finite points are left out. */
  record Series(String label, double[] x, double[] y) {}

  /**
   * @param categories names of the y values 0, 1, … when y is categorical (phases); empty for a numeric y
   */
  record Data(String title, String subtitle, String xLabel, String yLabel, List<Series> series, Style style, List<String> categories,
      XScale xScale) {

    Data(String title, String subtitle, String xLabel, String yLabel, List<Series> series, Style style, List<String> categories) {
      this(title, subtitle, xLabel, yLabel, series, style, categories, XScale.AUTO);
    }
  }

  private SeriesChart() {}

  static JFreeChart build(Data data) {
    XYSeriesCollection dataset = new XYSeriesCollection();
    List<Double> xs = new java.util.ArrayList<>();
    for (Series s : data.series()) {
      XYSeries xy = new XYSeries(s.label(), false, true);
      for (int i = 0; i < s.x().length; i++) {
        if (Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i])) {
          xy.add(s.x()[i], s.y()[i]);
          xs.add(s.x()[i]);
        }
      }
      dataset.addSeries(xy);
    }
    ValueAxis x = data.xScale() == XScale.LOG ? Charts.log(data.xLabel())
        : Charts.axisFor(data.xLabel(), xs.stream().mapToDouble(Double::doubleValue).toArray());
    ValueAxis y = data.categories().isEmpty() ? Charts.linear(data.yLabel())
        : new SymbolAxis(data.yLabel(), data.categories().toArray(String[]::new));
    y.setLabelFont(Charts.LABEL);
    XYPlot plot = Charts.plot(x, y);
    plot.setDataset(dataset);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(data.style() == Style.LINES, true);
    DefaultDrawingSupplier colours = new DefaultDrawingSupplier();
    for (int i = 0; i < data.series().size(); i++) {
      renderer.setSeriesPaint(i, colours.getNextPaint());
      renderer.setSeriesStroke(i, Charts.LINE);
      renderer.setSeriesShape(i, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
    }
    plot.setRenderer(renderer);
    return Charts.chart(data.title(), data.subtitle(), plot);
  }
}
