package org.htsr.report;

import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import org.apache.batik.svggen.SVGGraphics2D;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.w3c.dom.DOMImplementation;
import org.w3c.dom.Document;

/** Writes charts into the report's image directory, each as a PNG (for the page), a 2× PNG (slides) and an SVG (to zoom and print). */
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
      writeDoubleScale(chart, reportDir.resolve(Figure.doubleScale(png)), width, height);
      writeSvg(chart, reportDir.resolve(svg), width, height);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write chart " + name + " under " + dir, e);
    }
    written++;
    return new Figure(png, svg, width, height, chart.getTitle().getText());
  }

  /** The same chart at twice the pixels (same layout, sharper): for slides and high-density screens. */
  private static void writeDoubleScale(JFreeChart chart, Path file, int width, int height) throws IOException {
    BufferedImage image = new BufferedImage(2 * width, 2 * height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.scale(2, 2);
      chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
    } finally {
      g.dispose();
    }
    ImageIO.write(image, "png", file.toFile());
  }

  /** The chart drawn on Batik's SVG canvas (a Graphics2D that records SVG), with its size set. */
  private static void writeSvg(JFreeChart chart, Path file, int width, int height) throws IOException {
    DOMImplementation dom;
    try {
      dom = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().getDOMImplementation();
    } catch (javax.xml.parsers.ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's default XML parser is always configured", e);
    }
    Document document = dom.createDocument("http://www.w3.org/2000/svg", "svg", null);
    SVGGraphics2D g = new SVGGraphics2D(document);
    g.setSVGCanvasSize(new java.awt.Dimension(width, height));
    chart.draw(g, new Rectangle(width, height));
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      g.stream(out, true);
    }
  }

  /** Charts written so far (each as three files). */
  int written() {
    return written;
  }
}
