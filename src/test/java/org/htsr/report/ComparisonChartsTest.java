package org.htsr.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.htsr.testing.HeadlessChromium;
import org.htsr.testing.ReportFiles;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.ui.RectangleEdge;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The comparison charts across runs, the log axes' labels, and the page that shows them. */
class ComparisonChartsTest {

  @TempDir
  Path dir;

  @Test
  void logAxisUnderADecadeHasSeveralPlainLabels() {
    JFreeChart chart = SeriesChart.build(new SeriesChart.Data("t", "", "λ", "y",
        List.of(new SeriesChart.Series("a", new double[] {1.5, 3, 6}, new double[] {1, 2, 3})),
        SeriesChart.Style.LINES, List.of(), SeriesChart.XScale.LOG));
    List<String> labels = labels(chart.getXYPlot().getDomainAxis(), RectangleEdge.BOTTOM);
    assertTrue(labels.size() >= 2, "labels on 1.5…6: " + labels);
    assertTrue(labels.contains("2") && labels.contains("5"), labels.toString());
    assertTrue(labels.stream().noneMatch(l -> l.contains("E")), "no Java exponent notation: " + labels);
    JFreeChart small = SeriesChart.build(new SeriesChart.Data("t", "", "λ", "y",
        List.of(new SeriesChart.Series("a", new double[] {3.6e-4, 9e-4}, new double[] {1, 2})),
        SeriesChart.Style.LINES, List.of(), SeriesChart.XScale.LOG));
    List<String> smallLabels = labels(small.getXYPlot().getDomainAxis(), RectangleEdge.BOTTOM);
    assertTrue(smallLabels.size() >= 2 && smallLabels.stream().noneMatch(l -> l.contains("E")), smallLabels.toString());
  }

  @Test
  void logAxisOverSeveralDecadesKeepsWholeDecades() {
    JFreeChart chart = SeriesChart.build(new SeriesChart.Data("t", "", "λ", "y",
        List.of(new SeriesChart.Series("a", new double[] {1e-3, 1, 1e3}, new double[] {1, 2, 3})),
        SeriesChart.Style.LINES, List.of(), SeriesChart.XScale.LOG));
    List<String> labels = labels(chart.getXYPlot().getDomainAxis(), RectangleEdge.BOTTOM);
    assertTrue(labels.size() >= 3, labels.toString());
    assertTrue(labels.stream().noneMatch(l -> l.equals("2") || l.equals("5")), "no 2×/5× labels over six decades: " + labels);
  }

  @Test
  void hyperparametersSpanningDecadesGetALogAxisAndOthersALinearOne() {
    assertInstanceOf(LogAxis.class, Charts.axisFor("batch_size", new double[] {8, 32, 128, 512}));
    assertInstanceOf(NumberAxis.class, Charts.axisFor("accuracy", new double[] {0.83, 0.89}));
    assertInstanceOf(NumberAxis.class, Charts.axisFor("epoch", new double[] {0, 1, 20}), "0 cannot sit on a log axis");
  }

  @Test
  void notComputedNumbersPrintAsADashNotNaN() {
    assertEquals("–", Numbers.format(Double.NaN));
    assertEquals("∞", Numbers.format(Double.POSITIVE_INFINITY));
    assertEquals("0.00036", Numbers.format(3.6e-4));
  }

  @Test
  void comparisonSectionDrawsEveryChartAndTitlesTheCorrelation() throws Exception {
    Comparisons c = series();
    assertEquals(List.of("run_bs2", "run_bs16", "run_bs1024"), c.runs());
    assertEquals(List.of("batch_size"), c.runKeys(), "per_device_train_batch_size repeats batch_size; lr varies within runs");
    ComparisonSection s = ComparisonSection.write(new ChartFiles(dir), c).orElseThrow();
    List<String> titles = s.figures().stream().map(Figure::alt).toList();
    assertEquals(List.of("α of every layer against batch_size", "α̂ against batch_size", "Phase of every layer against batch_size",
        "⟨α⟩ of each run against epoch", "α̂ of each run against epoch",
        "α̂ against accuracy: Spearman ρ = -0.5 (p = 0.6667), Kendall τ = -0.3333 (p = 0.6015), n = 3",
        "fc1.weight: ESD at each run's last step"), titles);
    for (Figure f : s.figures()) {
      java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(dir.resolve(f.png()).toFile());
      java.awt.image.BufferedImage twice = javax.imageio.ImageIO.read(dir.resolve(f.png2x()).toFile());
      assertEquals(List.of(2 * png.getWidth(), 2 * png.getHeight()), List.of(twice.getWidth(), twice.getHeight()), "2× PNG of " + f.png());
    }
    assertTrue(ComparisonSection.write(new ChartFiles(dir), new Comparisons(c.points().subList(0, 2), List.of(), List.of(),
        c.esd())).isEmpty(), "one run: nothing to compare");
  }

  @Test
  void pageWithComparisonsAndFindingsLoadsInChromium() throws Exception {
    ReportData base = Fixtures.report(EnumSet.allOf(Feature.class));
    ReportData data = new ReportData(base.source(), base.configHash(), base.runs(), base.checkpoints(), base.layers(), base.failures(),
        base.spectra(), base.features(), base.scope(), base.filters(), series());
    ReportResult result = ReportWriter.write(data, dir.resolve("report"));
    String html = Files.readString(result.index(), StandardCharsets.UTF_8);
    int findings = html.indexOf("id=\"findings\"");
    assertTrue(findings > 0 && findings < html.indexOf("id=\"summary\""), "findings come first");
    assertTrue(html.contains("1 × failed layers: single bad.weight"), html.substring(findings, findings + 1200));
    assertTrue(html.contains("id=\"comparison\"") && html.contains("compare-esd-fc1-weight.png"));
    assertTrue(!html.contains(">NaN<"), "no raw NaN in the page");
    ReportFiles.assertImagesExist(result.index());
    HeadlessChromium.screenshot(result.index(), Files.createDirectories(dir.resolve("chromium")));
  }

  /** Three runs of two checkpoints, batch sizes 2…1024 in text-unfriendly order, one dense layer's ESD each. */
  static Comparisons series() {
    List<Comparisons.RunPoint> points = new ArrayList<>();
    List<Comparisons.LayerPoint> layers = new ArrayList<>();
    Map<String, double[]> esd = new LinkedHashMap<>();
    int[] batches = {1024, 16, 2};
    for (int b = 0; b < batches.length; b++) {
      String run = "run_bs" + batches[b];
      for (int s = 0; s < 2; s++) {
        Map<String, Double> numbers = Map.of("batch_size", (double) batches[b], "per_device_train_batch_size", (double) batches[b],
            "learning_rate", 0.01 * (1 - 0.1 * s), "epoch", (double) s);
        double acc = 0.6 + 0.1 * s + 0.05 * b;
        points.add(new Comparisons.RunPoint("bs", run, 100L * s, (double) s, acc, 6.0 - b - s, 2.0 + 0.3 * b * s, numbers));
        for (String layer : List.of("fc1.weight", "fc2.weight")) {
          layers.add(new Comparisons.LayerPoint("bs", run, 100L * s, (double) s, layer, 3.0 + b + s, b == 2 ? "heavy_tailed" : "random_like",
              numbers));
        }
      }
      esd.put(run, Fixtures.spectrum(200, 0.1, 4, b, 20 + 10 * b));
    }
    List<Comparisons.Correlation> correlations = List.of(
        new Comparisons.Correlation("bs", "all", "alpha_weighted", 3, -0.5, 0.6667, -0.3333, 0.6015));
    return new Comparisons(points, layers, correlations, new Comparisons.EsdAcrossRuns("fc1.weight", esd));
  }

  private static List<String> labels(ValueAxis axis, RectangleEdge edge) {
    BufferedImage image = new BufferedImage(900, 460, BufferedImage.TYPE_INT_RGB);
    Graphics2D g2 = image.createGraphics();
    try {
      Rectangle2D area = new Rectangle2D.Double(60, 20, 800, 380);
      List<String> out = new ArrayList<>();
      for (Object o : axis.refreshTicks(g2, new AxisState(), area, edge)) {
        ValueTick t = (ValueTick) o;
        if (axis.getRange().contains(t.getValue()) && t instanceof org.jfree.chart.axis.LogTick log && log.getAttributedLabel() != null) {
          out.add("10^" + Math.round(Math.log10(t.getValue()))); // a decade, drawn as an attributed 10 with a superscript
        } else if (axis.getRange().contains(t.getValue()) && t.getText() != null && !t.getText().isEmpty()) {
          out.add(t.getText());
        }
      }
      return out;
    } finally {
      g2.dispose();
    }
  }
}
