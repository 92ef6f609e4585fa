package org.htsr.report;

import java.awt.Rectangle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGUtils;

/** Writes charts into the report's image directory, each as a PNG (for the page) and an SVG (to zoom and print). */
final class ChartFiles {

  static final String DIR = "img";

  private final Path reportDir;
  private int written;

  ChartFiles(Path reportDir) {
    this.reportDir = reportDir;
  }

  Figure write(JFreeChart chart, String name, int width, int height) {
    Path dir = reportDir.resolve(DIR);
    String png = DIR + "/" + name + ".png";
    String svg = DIR + "/" + name + ".svg";
    try {
      Files.createDirectories(dir);
      ChartUtils.saveChartAsPNG(reportDir.resolve(png).toFile(), chart, width, height);
      SVGGraphics2D g = new SVGGraphics2D(width, height);
      chart.draw(g, new Rectangle(width, height));
      SVGUtils.writeToSVG(reportDir.resolve(svg).toFile(), g.getSVGElement());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write chart " + name + " under " + dir, e);
    }
    written++;
    return new Figure(png, svg, width, height, chart.getTitle().getText());
  }

  /** Charts written so far (each as two files). */
  int written() {
    return written;
  }
}
