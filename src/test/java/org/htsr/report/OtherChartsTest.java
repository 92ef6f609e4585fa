package org.htsr.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.Range;
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
    XYPlot plot = RandomizedEsdChart.build(new RandomizedEsdChart.Data(TITLE, evals, rand, Optional.empty())).getXYPlot();
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
  void randomizedEsdMarksTheShuffledMatrixsMpEdgeAndCountsItsTraps() {
    double[] evals = Fixtures.spectrum(200, 0.1, 2.0, 10, 50.0);
    double[] rand = Fixtures.spectrum(200, 0.1, 2.5, 3, 30.0);
    // rand_mp_softrank = λ+/max of the shuffled ESD: λ+ = 0.1 · 30 = 3
    RandomizedMetrics metrics = new RandomizedMetrics(0.02, 0.6, 3, 30.0, 0.1);
    JFreeChart chart = RandomizedEsdChart.build(new RandomizedEsdChart.Data(TITLE, evals, rand, Optional.of(metrics)));
    XYPlot plot = chart.getXYPlot();
    assertTrue(chart.getTitle().getText().endsWith("· 3 correlation traps"), chart.getTitle().getText());
    String legend = plot.getDataset(RandomizedEsdChart.RANDOMIZED).getSeriesKey(0).toString();
    assertTrue(legend.endsWith(": 3 traps beyond its MP edge λ+=3"), legend);
    List<ValueMarker> markers = domainMarkers(plot);
    assertEquals(3, markers.size(), "λmax, randomized λmax and the randomized MP edge");
    ValueMarker edge = markers.stream().filter(m -> m.getLabel().contains("λ+")).findFirst().orElseThrow();
    assertEquals(3.0, edge.getValue(), 1e-12);
    assertTrue(plot.getDomainAxis().getRange().contains(edge.getValue()));

    JFreeChart without = RandomizedEsdChart.build(new RandomizedEsdChart.Data(TITLE, evals, rand, Optional.empty()));
    assertFalse(without.getTitle().getText().contains("trap"), "no count where the table has none");
  }

  @Test
  void randomizedLambdaMaxLabelStaysInsideThePlot() {
    // a trap: the shuffled matrix's λmax is the largest value on the axis, at its right edge
    double[] evals = Fixtures.spectrum(200, 0.1, 2.0, 5, 10.0);
    double[] rand = Fixtures.spectrum(200, 0.1, 2.5, 1, 80.0);
    RandomizedMetrics metrics = new RandomizedMetrics(0.02, 8.0, 1, 80.0, 2.5 / 80);
    XYPlot plot = RandomizedEsdChart.build(new RandomizedEsdChart.Data(TITLE, evals, rand, Optional.of(metrics))).getXYPlot();
    LogAxis x = (LogAxis) plot.getDomainAxis();
    double lo = Math.log10(x.getLowerBound());
    double hi = Math.log10(x.getUpperBound());
    for (ValueMarker m : domainMarkers(plot)) {
      assertTrue(x.getRange().contains(m.getValue()), m.getLabel() + " at " + m.getValue() + " outside " + x.getRange());
      boolean rightHalf = (Math.log10(m.getValue()) - lo) / (hi - lo) > 0.5;
      // the label's text anchor is where the text touches its line: on the right, the text runs left, into the plot
      assertEquals(rightHalf, m.getLabelTextAnchor().isRight(), m.getLabel() + ": " + m.getLabelTextAnchor());
    }
    ValueMarker randomizedMax = domainMarkers(plot).stream().filter(m -> m.getLabel().contains("randomized λmax")).findFirst().orElseThrow();
    assertEquals(80.0, randomizedMax.getValue());
    assertEquals(TextAnchor.CENTER_RIGHT, randomizedMax.getLabelTextAnchor());
  }

  @Test
  void depthChartPlotsAlphaByLayerIndexWithTheWarningBand() {
    List<DepthChart.Point> points = List.of(point(0, 3.0), point(1, 5.0), point(2, 1.5));
    XYPlot plot = DepthChart.build(new DepthChart.Data("t", "s", points)).getXYPlot();
    XYDataset d = plot.getDataset(DepthChart.RELIABLE);
    assertEquals(3, d.getItemCount(0));
    assertEquals(2.0, d.getXValue(0, 2));
    assertEquals(1.5, d.getYValue(0, 2));
    assertEquals(List.of(List.of(0.0, 1.0, 2.0)), segments(d), "adjacent tensors, all reliable: one line");
    IntervalMarker band = (IntervalMarker) plot.getRangeMarkers(0, Layer.BACKGROUND).iterator().next();
    assertEquals(2.0, band.getStartValue());
    assertEquals(6.0, band.getEndValue());
    assertTrue(plot.getRangeAxis().getLowerBound() < 1.5 && plot.getRangeAxis().getUpperBound() > 6);
  }

  @Test
  void depthChartBreaksItsLineAtLayersWithoutAReliableFit() {
    List<DepthChart.Point> points = List.of(point(0, 3.0), point(1, 3.5), new DepthChart.Point(2, Optional.empty()), point(3, 4.0),
        point(4, 4.2), new DepthChart.Point(5, Optional.of(new TailFit(3.0, 1.0, 0.3, 50, ""))), point(6, 2.5), point(7, 2.7),
        point(10, 3.1), point(11, 3.3));
    XYPlot plot = DepthChart.build(new DepthChart.Data("t", "s", points)).getXYPlot();
    assertEquals(List.of(List.of(0.0, 1.0), List.of(3.0, 4.0), List.of(6.0, 7.0), List.of(10.0, 11.0)), segments(plot.getDataset(DepthChart.RELIABLE)),
        "no line across the failed layer 2, the poor fit at 5, nor the indices 8 and 9 that have no row");
  }

  @Test
  void depthChartBridgesTheNetworksRegularSpacingButNotAWiderGap() {
    // weight, bias, weight, bias ...: layers sit two indices apart; the matrix at 8 was skipped
    List<DepthChart.Point> points = List.of(point(0, 3.0), point(2, 3.5), point(4, 4.0), point(6, 4.2), point(10, 3.1), point(12, 3.3));
    assertEquals(2, DepthChart.usualStep(points));
    XYPlot plot = DepthChart.build(new DepthChart.Data("t", "s", points)).getXYPlot();
    assertEquals(List.of(List.of(0.0, 2.0, 4.0, 6.0), List.of(10.0, 12.0)), segments(plot.getDataset(DepthChart.RELIABLE)),
        "biases between matrices are bridged; the gap of the skipped matrix is not");
  }

  @Test
  void unreliableFitsAreHollowGreyAndDoNotSetTheDepthChartsScale() {
    List<DepthChart.Point> points = List.of(point(0, 3.0), point(1, 4.0), point(2, 40.0),
        new DepthChart.Point(3, Optional.of(new TailFit(2.5, 1.0, 0.05, 4, ""))), new DepthChart.Point(4, Optional.of(new TailFit(0.2, 1.0, 0.5, 50, ""))));
    JFreeChart chart = DepthChart.build(new DepthChart.Data("t", "s", points));
    XYPlot plot = chart.getXYPlot();
    Range y = plot.getRangeAxis().getRange();
    assertTrue(y.getUpperBound() < 8, "α = 40 must not stretch the axis: " + y);
    assertTrue(y.getLowerBound() > 0.5, "α = 0.2 with D = 0.5 must not stretch the axis: " + y);
    XYDataset hollow = plot.getDataset(DepthChart.UNRELIABLE);
    assertEquals(3, hollow.getItemCount(0), "α > 6, n_tail < 10 and D > 0.1");
    for (int i = 0; i < 3; i++) {
      assertTrue(y.contains(hollow.getYValue(0, i)), "clamped into the axis: " + hollow.getYValue(0, i));
    }
    assertEquals(2.5, hollow.getYValue(0, 1), "inside the range: drawn where it is");
    XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) plot.getRenderer(DepthChart.UNRELIABLE);
    assertFalse(r.getSeriesShapesFilled(0));
    assertFalse(r.getItemLineVisible(0, 0));
    LegendItemCollection legend = plot.getLegendItems();
    assertTrue(java.util.stream.IntStream.range(0, legend.getItemCount()).mapToObj(legend::get)
        .anyMatch(item -> item.getLabel().contains("unreliable") && item.getLabel().contains("n_tail < 10")));
    assertEquals(List.of(List.of(0.0, 1.0)), segments(plot.getDataset(DepthChart.RELIABLE)));
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
  void meanTrendDrawsMeanAlphaAndAlphaHatInTwoPanelsEachWithOneAxis() {
    XYPlot plot = MeanTrendChart.build(new MeanTrendChart.Data("t", "s", series("mean α", 4), series("α̂", 20))).getXYPlot();
    CombinedDomainXYPlot combined = assertInstanceOf(CombinedDomainXYPlot.class, plot);
    List<XYPlot> panels = combined.getSubplots();
    assertEquals(2, panels.size());
    for (XYPlot panel : panels) {
      assertEquals(1, panel.getRangeAxisCount());
      assertEquals(1, panel.getDatasetCount());
    }
    assertEquals("mean α", panels.get(MeanTrendChart.ALPHA).getRangeAxis().getLabel());
    assertTrue(panels.get(MeanTrendChart.ALPHA_WEIGHTED).getRangeAxis().getLabel().startsWith("α̂"));
    assertEquals(3, panels.get(MeanTrendChart.ALPHA).getDataset().getItemCount(0));
    assertEquals(21.0, panels.get(MeanTrendChart.ALPHA_WEIGHTED).getDataset().getYValue(0, 0));
  }

  @Test
  void trendsUseALogStepAxisWhenTheStepsSpanADecade() {
    StepSeries wide = new StepSeries("mean α", List.of(new StepSeries.Point(1000, 4), new StepSeries.Point(8000, 3), new StepSeries.Point(64000, 2)));
    assertInstanceOf(LogAxis.class, MeanTrendChart.build(new MeanTrendChart.Data("t", "s", wide, wide)).getXYPlot().getDomainAxis());
    assertInstanceOf(LogAxis.class, LayerTrendChart.build(new LayerTrendChart.Data("t", "s", "α", List.of(wide), wide)).getXYPlot().getDomainAxis());
    StepSeries narrow = series("mean α", 4);
    assertInstanceOf(NumberAxis.class, LayerTrendChart.build(new LayerTrendChart.Data("t", "s", "α", List.of(narrow), narrow)).getXYPlot().getDomainAxis());
    StepSeries fromZero = new StepSeries("mean α", List.of(new StepSeries.Point(0, 4), new StepSeries.Point(64000, 2)));
    assertInstanceOf(NumberAxis.class, MeanTrendChart.build(new MeanTrendChart.Data("t", "s", fromZero, fromZero)).getXYPlot().getDomainAxis(),
        "step 0 has no place on a log axis");
  }

  @Test
  void phaseTimelineHasOneCellPerLabelledLayerStepAndALegendPerPhase() {
    List<PhaseTimelineChart.Cell> cells = List.of(new PhaseTimelineChart.Cell(0, 0, "random_like"),
        new PhaseTimelineChart.Cell(1, 0, "heavy_tailed"), new PhaseTimelineChart.Cell(1, 1, "something_new"));
    XYPlot plot = PhaseTimelineChart.build(new PhaseTimelineChart.Data("t", "s", List.of(100L, 200L), List.of("a", "b"), cells)).getXYPlot();
    XYZDataset d = (XYZDataset) plot.getDataset();
    assertEquals(3, d.getItemCount(0));
    assertEquals(PhaseStyle.HEAVY_TAILED.ordinal(), d.getZValue(0, 1));
    assertEquals(PhaseStyle.values().length, d.getZValue(0, 2));
    SymbolAxis steps = (SymbolAxis) plot.getDomainAxis();
    assertEquals("200", steps.valueToString(1));
    LegendItemCollection legend = plot.getLegendItems();
    assertEquals(PhaseStyle.values().length + 1, legend.getItemCount());
    assertTrue(legend.get(PhaseStyle.values().length).getLabel().contains("something_new"));
  }

  private static List<ValueMarker> domainMarkers(XYPlot plot) {
    return plot.getDomainMarkers(0, Layer.FOREGROUND).stream().map(ValueMarker.class::cast).toList();
  }

  private static DepthChart.Point point(int index, double alpha) {
    return new DepthChart.Point(index, Optional.of(new TailFit(alpha, 1.0, 0.05, 40, "")));
  }

  /** The x values of each unbroken run of the line (a NaN y ends a run). */
  private static List<List<Double>> segments(XYDataset d) {
    List<List<Double>> out = new ArrayList<>();
    List<Double> run = new ArrayList<>();
    for (int i = 0; i < d.getItemCount(0); i++) {
      if (Double.isNaN(d.getYValue(0, i))) {
        if (!run.isEmpty()) {
          out.add(run);
        }
        run = new ArrayList<>();
      } else {
        run.add(d.getXValue(0, i));
      }
    }
    if (!run.isEmpty()) {
      out.add(run);
    }
    return out;
  }

  private static StepSeries series(String label, double base) {
    return new StepSeries(label, List.of(new StepSeries.Point(100, base + 1), new StepSeries.Point(200, base + 0.5), new StepSeries.Point(300, base)));
  }
}
