package org.htsr.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.Layer;
import org.jfree.data.xy.IntervalXYDataset;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYZDataset;
import org.junit.jupiter.api.Test;

/** The randomized-ESD, depth, trend and phase-timeline charts: what they draw, on which axes. */
class OtherChartsTest {

  private static final LayerPlotTitle TITLE = new LayerPlotTitle("fc.weight", "m");

  @Test
  void randomizedEsdOverlaysBothHistogramsPerDecadeOnALogAxis() {
    double[] evals = Fixtures.spectrum(200, 0.1, 2.0, 10, 50.0);
    double[] rand = Fixtures.spectrum(200, 0.1, 2.5, 0, 2.5);
    XYPlot plot = RandomizedEsdChart.build(new RandomizedEsdChart.Data(TITLE, evals, rand)).getXYPlot();
    assertInstanceOf(LogAxis.class, plot.getDomainAxis());
    assertTrue(plot.getDataset(RandomizedEsdChart.RANDOMIZED).getSeriesKey(0).toString().startsWith("randomized ESD"));
    for (int s : new int[] {RandomizedEsdChart.ORIGINAL, RandomizedEsdChart.RANDOMIZED}) {
      IntervalXYDataset bars = (IntervalXYDataset) plot.getDataset(s);
      double integral = 0;
      for (int i = 0; i < bars.getItemCount(0); i++) {
        integral += bars.getYValue(0, i) * (Math.log10(bars.getEndXValue(0, i)) - Math.log10(bars.getStartXValue(0, i)));
      }
      assertEquals(1.0, integral, 1e-9, "dataset " + s);
    }
    assertEquals(2, plot.getDomainMarkers(0, Layer.FOREGROUND).size());
  }

  @Test
  void depthChartPlotsAlphaByLayerIndexWithTheWarningBand() {
    List<DepthChart.Point> points = List.of(new DepthChart.Point(0, 3.0), new DepthChart.Point(2, 5.0), new DepthChart.Point(5, 1.5));
    XYPlot plot = DepthChart.build(new DepthChart.Data("t", "s", points)).getXYPlot();
    XYDataset d = plot.getDataset(0);
    assertEquals(3, d.getItemCount(0));
    assertEquals(5.0, d.getXValue(0, 2));
    assertEquals(1.5, d.getYValue(0, 2));
    IntervalMarker band = (IntervalMarker) plot.getRangeMarkers(0, Layer.BACKGROUND).iterator().next();
    assertEquals(2.0, band.getStartValue());
    assertEquals(6.0, band.getEndValue());
    assertTrue(plot.getRangeAxis().getLowerBound() < 1.5 && plot.getRangeAxis().getUpperBound() > 6);
  }

  @Test
  void layerTrendNamesFewLayersAndGreysManyUnderOneLegendEntry() {
    StepSeries mean = series("checkpoint mean α", 4.0);
    XYPlot few = LayerTrendChart.build(new LayerTrendChart.Data("t", "s", "α", List.of(series("a", 3), series("b", 5)), mean)).getXYPlot();
    assertEquals(2, few.getDataset(LayerTrendChart.LAYERS).getSeriesCount());
    assertEquals("a", few.getDataset(LayerTrendChart.LAYERS).getSeriesKey(0));
    assertEquals(3, few.getLegendItems().getItemCount());

    List<StepSeries> many = java.util.stream.IntStream.range(0, 30).mapToObj(i -> series("layer" + i, i / 10.0 + 2)).toList();
    XYPlot crowded = LayerTrendChart.build(new LayerTrendChart.Data("t", "s", "α", many, mean)).getXYPlot();
    assertEquals(30, crowded.getDataset(LayerTrendChart.LAYERS).getSeriesCount());
    LegendItemCollection legend = crowded.getLegendItems();
    assertEquals(2, legend.getItemCount());
    assertTrue(legend.get(0).getLabel().contains("30 layers"));
  }

  @Test
  void meanTrendPutsAlphaHatOnItsOwnAxis() {
    XYPlot plot = MeanTrendChart.build(new MeanTrendChart.Data("t", "s", series("mean α", 4), series("α̂", 20))).getXYPlot();
    assertEquals(2, plot.getRangeAxisCount());
    assertEquals(1, plot.getRangeAxisIndex(plot.getRangeAxisForDataset(MeanTrendChart.ALPHA_WEIGHTED)));
    assertEquals(3, plot.getDataset(MeanTrendChart.ALPHA).getItemCount(0));
  }

  @Test
  void phaseTimelineHasOneCellPerLabelledLayerStepAndALegendPerPhase() {
    List<PhaseTimelineChart.Cell> cells = List.of(new PhaseTimelineChart.Cell(0, 0, "random_like"),
        new PhaseTimelineChart.Cell(1, 0, "heavy_tailed"), new PhaseTimelineChart.Cell(1, 1, "something_new"));
    XYPlot plot = PhaseTimelineChart.build(new PhaseTimelineChart.Data("t", "s", List.of(100L, 200L), List.of("a", "b"), cells)).getXYPlot();
    XYZDataset d = (XYZDataset) plot.getDataset();
    assertEquals(3, d.getItemCount(0));
    assertEquals(Phase.HEAVY_TAILED.ordinal(), d.getZValue(0, 1));
    assertEquals(Phase.values().length, d.getZValue(0, 2));
    SymbolAxis steps = (SymbolAxis) plot.getDomainAxis();
    assertEquals("200", steps.valueToString(1));
    LegendItemCollection legend = plot.getLegendItems();
    assertEquals(Phase.values().length + 1, legend.getItemCount());
    assertTrue(legend.get(Phase.values().length).getLabel().contains("something_new"));
  }

  private static StepSeries series(String label, double base) {
    return new StepSeries(label, List.of(new StepSeries.Point(100, base + 1), new StepSeries.Point(200, base + 0.5), new StepSeries.Point(300, base)));
  }
}
