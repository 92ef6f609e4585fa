package org.htsr.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Optional;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.Layer;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;

class EsdChartTest {

  private static final LayerPlotTitle TITLE = new LayerPlotTitle("fc.weight", "m @ step 1");

  @Test
  void powerLawRunsFromXminToLambdaMaxOnLogLogAxes() {
    double[] evals = Fixtures.spectrum(400, 0.05, 2.0, 40, 50.0);
    XYPlot plot = EsdChart.build(new EsdChart.Data(TITLE, evals, Optional.of(Fixtures.tail(2.5, 3.0)))).getXYPlot();
    assertInstanceOf(LogAxis.class, plot.getDomainAxis());
    assertInstanceOf(LogAxis.class, plot.getRangeAxis());
    XYDataset fit = plot.getDataset(EsdChart.POWER_LAW);
    assertEquals(1, fit.getSeriesCount());
    assertTrue(fit.getSeriesKey(0).toString().startsWith("power law α=2.5, xmin=3 "), fit.getSeriesKey(0).toString());
    int last = fit.getItemCount(0) - 1;
    assertEquals(3.0, fit.getXValue(0, 0));
    assertEquals(50.0, fit.getXValue(0, last), 1e-12);
    // slope −α on log-log axes
    double slope = Math.log(fit.getYValue(0, last) / fit.getYValue(0, 0)) / Math.log(fit.getXValue(0, last) / fit.getXValue(0, 0));
    assertEquals(-2.5, slope, 1e-12);
    ValueMarker xmin = (ValueMarker) plot.getDomainMarkers(0, Layer.FOREGROUND).iterator().next();
    assertEquals(3.0, xmin.getValue());
  }

  @Test
  void histogramCoversTheFittedEigenvaluesAndTheFitIsScaledToTheTailShare() {
    double[] evals = Fixtures.spectrum(400, 0.05, 2.0, 40, 50.0);
    XYPlot plot = EsdChart.build(new EsdChart.Data(TITLE, evals, Optional.of(Fixtures.tail(2.5, 3.0)))).getXYPlot();
    XYDataset esd = plot.getDataset(EsdChart.HISTOGRAM);
    double lo = esd.getXValue(0, 0);
    double hi = esd.getXValue(0, esd.getItemCount(0) - 1);
    assertTrue(lo >= 0.05 && lo < 0.1, "first bin centre " + lo);
    assertTrue(hi > 30 && hi <= 50, "last bin centre " + hi);
    // at xmin the fit's density is share·(α−1)/xmin
    double share = Arrays.stream(evals).filter(v -> v >= 3.0).count() / 400.0;
    assertEquals(share * 1.5 / 3.0, plot.getDataset(EsdChart.POWER_LAW).getYValue(0, 0), 1e-12);
  }

  @Test
  void withoutAFitOnlyTheHistogramIsDrawnAndEigenvaluesBelowTheFitThresholdAreLeftOut() {
    double[] evals = Fixtures.spectrum(100, 0.05, 2.0, 0, 2.0);
    evals[0] = 1e-9;
    JFreeChart chart = EsdChart.build(new EsdChart.Data(TITLE, evals, Optional.empty()));
    XYPlot plot = chart.getXYPlot();
    assertEquals(0, plot.getDataset(EsdChart.POWER_LAW).getSeriesCount());
    assertTrue(plot.getDataset(EsdChart.HISTOGRAM).getSeriesKey(0).toString().contains("n=99"));
    assertTrue(plot.getDomainMarkers(0, Layer.FOREGROUND) == null || plot.getDomainMarkers(0, Layer.FOREGROUND).isEmpty());
  }
}
