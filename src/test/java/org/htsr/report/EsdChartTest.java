package org.htsr.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Optional;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.TextTitle;
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
  void withoutAFitOnlyTheHistogramIsDrawn() {
    double[] evals = Fixtures.spectrum(100, 0.05, 2.0, 0, 2.0);
    JFreeChart chart = EsdChart.build(new EsdChart.Data(TITLE, evals, Optional.empty()));
    XYPlot plot = chart.getXYPlot();
    assertEquals(0, plot.getDataset(EsdChart.POWER_LAW).getSeriesCount());
    assertTrue(plot.getDataset(EsdChart.HISTOGRAM).getSeriesKey(0).toString().contains("n=100"));
    assertTrue(plot.getDomainMarkers(0, Layer.FOREGROUND) == null || plot.getDomainMarkers(0, Layer.FOREGROUND).isEmpty());
  }

  @Test
  void smallRealEigenvaluesAreShownAndOnlyNumericalZerosAreLeftOutWithACount() {
    // like the FC layer of issue 14: real eigenvalues below WeightWatcher's 1e-5 fit threshold, and two exact zeros
    double[] evals = Fixtures.spectrum(100, 0.05, 2.0, 0, 2.0);
    for (int i = 0; i < 20; i++) {
      evals[i] = 1e-8 * (i + 1);
    }
    evals[0] = 0;
    evals[1] = 1e-20;
    JFreeChart chart = EsdChart.build(new EsdChart.Data(TITLE, evals, Optional.empty()));
    XYPlot plot = chart.getXYPlot();
    assertTrue(plot.getDataset(EsdChart.HISTOGRAM).getSeriesKey(0).toString().contains("n=98"));
    assertTrue(plot.getDataset(EsdChart.HISTOGRAM).getXValue(0, 0) < 1e-7, "the smallest real eigenvalues are drawn");
    String subtitle = ((TextTitle) chart.getSubtitle(1)).getText();
    assertTrue(subtitle.contains("18 λ ≤ 1e-5 not fitted"), subtitle);
    assertTrue(subtitle.contains("2 of 100 λ ≤ ") && subtitle.contains("(zero) not drawn"), subtitle);
    ValueMarker threshold = (ValueMarker) plot.getDomainMarkers(0, Layer.FOREGROUND).iterator().next();
    assertEquals(EsdChart.FIT_THRESHOLD, threshold.getValue());
  }

  @Test
  void aSpectrumAboveTheThresholdNamesNothingAsLeftOut() {
    JFreeChart chart = EsdChart.build(new EsdChart.Data(TITLE, Fixtures.spectrum(100, 0.05, 2.0, 0, 2.0), Optional.empty()));
    String subtitle = ((TextTitle) chart.getSubtitle(1)).getText();
    assertFalse(subtitle.contains("not drawn") || subtitle.contains("not fitted"), subtitle);
  }
}
