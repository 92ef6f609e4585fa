package org.htsr.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.Layer;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;

class MpChartTest {

  private static final LayerPlotTitle TITLE = new LayerPlotTitle("fc.weight", "m");

  @Test
  void mpCurveLiesWithinTheBulkEdgesOnLinearAxes() {
    double[] evals = Fixtures.spectrum(300, 0.1, 2.0, 6, 4.0);
    MpBulk bulk = new MpBulk(2.0, 0.1, 2.0, 2.2);
    XYPlot plot = MpChart.build(new MpChart.Data(TITLE, evals, bulk)).getXYPlot();
    assertInstanceOf(NumberAxis.class, plot.getDomainAxis());
    assertFalse(plot.getDomainAxis() instanceof LogAxis);
    assertFalse(plot.getRangeAxis() instanceof LogAxis);
    XYDataset curves = plot.getDataset(MpChart.CURVES);
    assertTrue(curves.getSeriesKey(0).toString().startsWith("Marchenko–Pastur density, Q=2"));
    int n = curves.getItemCount(0);
    assertEquals(0.1, curves.getXValue(0, 0), 1e-12);
    assertEquals(2.0, curves.getXValue(0, n - 1), 1e-12);
    for (int i = 0; i < n; i++) {
      double x = curves.getXValue(0, i);
      assertTrue(x >= 0.1 && x <= 2.0, "MP point at " + x);
      assertTrue(curves.getYValue(0, i) >= 0);
    }
  }

  @Test
  void lambdaPlusAndEverySpikeAreMarked() {
    double[] evals = Fixtures.spectrum(300, 0.1, 2.0, 6, 4.0);
    MpBulk bulk = new MpBulk(2.0, 0.1, 2.0, 2.2);
    XYPlot plot = MpChart.build(new MpChart.Data(TITLE, evals, bulk)).getXYPlot();
    List<Double> markers = ((java.util.Collection<?>) plot.getDomainMarkers(0, Layer.FOREGROUND)).stream()
        .map(m -> ((ValueMarker) m).getValue()).toList();
    assertTrue(markers.containsAll(List.of(2.0, 2.2, 0.1)), markers.toString());
    XYDataset curves = plot.getDataset(MpChart.CURVES);
    long spikes = Arrays.stream(evals).filter(v -> v > 2.2).count();
    assertEquals(6, spikes);
    assertTrue(curves.getSeriesKey(1).toString().startsWith("spikes: 6 eigenvalues > λ+ + TW margin"), curves.getSeriesKey(1).toString());
    // λmax = 4 < 2·threshold: all spikes lie on the axis
    assertEquals(6, curves.getItemCount(1));
    assertTrue(plot.getDomainAxis().getUpperBound() >= 4.0);
  }

  @Test
  void aFarTailIsCutAtTwiceTheThresholdAndCountedInTheLegend() {
    double[] evals = Fixtures.spectrum(300, 0.1, 2.0, 10, 400.0);
    MpBulk bulk = new MpBulk(2.0, 0.1, 2.0, 2.2);
    XYPlot plot = MpChart.build(new MpChart.Data(TITLE, evals, bulk)).getXYPlot();
    assertEquals(2 * 2.2 * 1.05, plot.getDomainAxis().getUpperBound(), 1e-12);
    long beyond = Arrays.stream(evals).filter(v -> v > 4.4 * 1.05).count();
    String key = plot.getDataset(MpChart.CURVES).getSeriesKey(1).toString();
    assertTrue(key.contains(beyond + " beyond the axis, up to λmax=400"), key);
    assertEquals(10 - beyond, plot.getDataset(MpChart.CURVES).getItemCount(1));
  }

  @Test
  void densityIntegratesToOneOverTheBulkAndEdgesFollowSigma() {
    double q = 2.0;
    double sigma2 = 1.3;
    double plus = sigma2 * Math.pow(1 + 1 / Math.sqrt(q), 2);
    double minus = sigma2 * Math.pow(1 - 1 / Math.sqrt(q), 2);
    MpBulk bulk = new MpBulk(q, minus, plus, plus);
    assertEquals(sigma2, bulk.sigmaSquared(), 1e-12);
    int n = 200_000;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += bulk.density(minus + (plus - minus) * (i + 0.5) / n) * (plus - minus) / n;
    }
    assertEquals(1.0, sum, 1e-4);
    assertEquals(0.0, bulk.density(plus * 1.01));
    assertEquals(0.0, bulk.density(minus * 0.99));
  }

  @Test
  void spikeThresholdIsWeightWatchersTracyWidomMarginInTheLayersUnits() {
    // mean-1 units: W_scale² = n/Σλ; x+ = 2, M = 100, Q = 2: x+ + sqrt(Q^-1/2 x+^2/3 M^-2/3)
    double[] evals = new double[100];
    Arrays.fill(evals, 4.0); // Σλ = 400, W_scale² = 1/4
    MpBulk bulk = MpBulk.of(new MpEdges(0.5, 8.0, null, null), 2.0, 100, evals);
    double xPlus = 2.0;
    double expected = (xPlus + Math.sqrt(Math.pow(xPlus, 2.0 / 3) / (Math.sqrt(2.0) * Math.pow(100, 2.0 / 3)))) * 4;
    assertEquals(expected, bulk.spikeThreshold(), 1e-12);
    assertEquals(8.0, bulk.lambdaPlus());
    assertEquals(0.5, bulk.lambdaMinus());
  }
}
