package org.htsr.report;

import java.awt.Color;
import java.util.stream.Stream;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A model's checkpoint means across training steps in two stacked panels sharing the step axis:
 * ⟨α⟩ on top, α̂ = ⟨α·log10 λmax⟩ below. They differ in scale and meaning, and two y axes on one
 * panel invite reading the crossing of the curves as something, so each panel has one y axis.
 */
final class MeanTrendChart {

  static final int ALPHA = 0;
  static final int ALPHA_WEIGHTED = 1;

  private MeanTrendChart() {}

  record Data(String title, String subtitle, StepSeries alpha, StepSeries alphaWeighted) {}

  static JFreeChart build(Data data) {
    double[] steps = Stream.of(data.alpha(), data.alphaWeighted()).flatMapToDouble(StepSeries::steps).toArray();
    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(Charts.steps(steps));
    plot.setGap(12);
    plot.add(panel(data.alpha(), "mean α", Charts.ESD), 1);
    plot.add(panel(data.alphaWeighted(), "α̂ (mean α·log10 λmax)", Charts.RANDOMIZED), 1);
    return Charts.chart(data.title(), data.subtitle(), plot);
  }

  private static XYPlot panel(StepSeries series, String label, Color colour) {
    ValueAxis y = Charts.linear(label);
    XYPlot panel = Charts.plot(null, y);
    panel.setDataset(new XYSeriesCollection(series.xy()));
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
    r.setSeriesPaint(0, colour);
    r.setSeriesStroke(0, Charts.LINE);
    panel.setRenderer(r);
    return panel;
  }
}
