package org.htsr.report;

import java.awt.Color;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A model's checkpoint means across training steps: ⟨α⟩ on the left axis and α̂ = ⟨α·log10 λmax⟩
 * on the right (they differ in scale, so each gets its own axis, coloured like its curve).
 */
final class MeanTrendChart {

  static final int ALPHA = 0;
  static final int ALPHA_WEIGHTED = 1;

  private MeanTrendChart() {}

  record Data(String title, String subtitle, StepSeries alpha, StepSeries alphaWeighted) {}

  static JFreeChart build(Data data) {
    NumberAxis x = Charts.linear("training step");
    x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    NumberAxis left = Charts.linear("mean α");
    left.setLabelPaint(Charts.ESD);
    left.setTickLabelPaint(Charts.ESD);
    XYPlot plot = Charts.plot(x, left);
    NumberAxis right = Charts.linear("α̂ (mean α·log10 λmax)");
    right.setLabelPaint(Charts.RANDOMIZED);
    right.setTickLabelPaint(Charts.RANDOMIZED);
    plot.setRangeAxis(ALPHA_WEIGHTED, right);
    plot.setRangeAxisLocation(ALPHA_WEIGHTED, AxisLocation.BOTTOM_OR_RIGHT);

    plot.setDataset(ALPHA, new XYSeriesCollection(data.alpha().xy()));
    plot.setRenderer(ALPHA, renderer(Charts.ESD));
    plot.setDataset(ALPHA_WEIGHTED, new XYSeriesCollection(data.alphaWeighted().xy()));
    plot.setRenderer(ALPHA_WEIGHTED, renderer(Charts.RANDOMIZED));
    plot.mapDatasetToRangeAxis(ALPHA_WEIGHTED, ALPHA_WEIGHTED);
    return Charts.chart(data.title(), data.subtitle(), plot);
  }


  private static XYLineAndShapeRenderer renderer(Color colour) {
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
    r.setSeriesPaint(0, colour);
    r.setSeriesStroke(0, Charts.LINE);
    return r;
  }
}
