package org.htsr.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Renders a report: the charts under {@code reportDir/img/} (PNG and SVG) and the page
 * {@code reportDir/index.html}. Images of an earlier report in the same directory are removed
 * first, so the directory holds exactly what the page shows.
 */
public final class ReportWriter {

  static final int LAYER_WIDTH = 640;
  static final int LAYER_HEIGHT = 440;
  static final int WIDE_WIDTH = 900;
  static final int WIDE_HEIGHT = 460;
  /** Two stacked panels (⟨α⟩ and α̂) need more height than one. */
  static final int MEANS_HEIGHT = 640;

  private ReportWriter() {}

  public static ReportResult write(ReportData data, Path reportDir) {
    clearImages(reportDir);
    ChartFiles files = new ChartFiles(reportDir);
    List<TrendSection> trends = new ArrayList<>();
    for (ModelTrend t : ModelTrend.of(data)) {
      trends.add(trendSection(files, t));
    }
    Map<String, List<LayerRow>> layers = data.layers().stream()
        .collect(Collectors.groupingBy(l -> l.key().checkpoint(), LinkedHashMap::new, Collectors.toList()));
    List<CheckpointSection> sections = new ArrayList<>();
    for (CheckpointRow c : data.checkpoints()) {
      sections.add(checkpointSection(files, data, c, layers.getOrDefault(c.checkpoint(), List.of())));
    }
    Optional<ComparisonSection> comparison = ComparisonSection.write(files, data.comparisons());
    Path index = reportDir.resolve("index.html");
    try {
      Files.writeString(index, ReportPage.render(data, trends, comparison, sections, Instant.now()), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + index, e);
    }
    return new ReportResult(index, files.written());
  }

  private static TrendSection trendSection(ChartFiles files, ModelTrend t) {
    String name = Names.model(t.model());
    List<Figure> figures = new ArrayList<>();
    figures.add(files.write(MeanTrendChart.build(t.means()), name + "-means", WIDE_WIDTH, MEANS_HEIGHT));
    figures.add(files.write(LayerTrendChart.build(t.alpha()), name + "-alpha", WIDE_WIDTH, WIDE_HEIGHT));
    figures.add(files.write(LayerTrendChart.build(t.alphaWeighted()), name + "-alpha-weighted", WIDE_WIDTH, WIDE_HEIGHT));
    t.phases().ifPresent(p -> figures.add(files.write(PhaseTimelineChart.build(p), name + "-phases", WIDE_WIDTH, timelineHeight(p))));
    return new TrendSection(t.model(), name, figures);
  }

  /** Rows of about 16 px, between a normal chart's height and 3000 px. */
  private static int timelineHeight(PhaseTimelineChart.Data p) {
    return Math.max(WIDE_HEIGHT, Math.min(3000, 180 + 16 * p.layers().size()));
  }

  private static CheckpointSection checkpointSection(ChartFiles files, ReportData data, CheckpointRow c, List<LayerRow> layers) {
    String name = Names.checkpoint(c);
    Optional<Figure> depth = Optional.empty();
    if (data.scope().detailedCheckpoints().contains(c.checkpoint()) && !layers.isEmpty()) {
      List<DepthChart.Point> points = layers.stream().map(l -> new DepthChart.Point(l.key().layerIndex(), l.tail())).toList();
      long fitted = layers.stream().filter(l -> l.tail().isPresent()).count();
      long reliable = points.stream().filter(DepthChart.Point::reliable).count();
      depth = Optional.of(files.write(DepthChart.build(new DepthChart.Data(c.label() + ": α through the network",
          c.layers() + " layers, " + fitted + " with a power-law fit, " + reliable + " of them reliable", points)),
          name + "-depth", WIDE_WIDTH, WIDE_HEIGHT));
    }
    Map<LayerKey, List<Figure>> plots = new LinkedHashMap<>();
    for (LayerRow l : layers) {
      Spectrum spectrum = data.spectra().get(l.key());
      if (data.scope().plottedLayers().contains(l.key()) && spectrum != null && spectrum.eigenvalues().length > 0) {
        plots.put(l.key(), layerFigures(files, c, l, spectrum, Names.layer(name, l.key())));
      }
    }
    return new CheckpointSection(c, name, layers, depth, plots);
  }

  private static List<Figure> layerFigures(ChartFiles files, CheckpointRow c, LayerRow l, Spectrum s, String name) {
    LayerPlotTitle title = LayerPlotTitle.of(c, l);
    List<Figure> figures = new ArrayList<>();
    figures.add(files.write(EsdChart.build(new EsdChart.Data(title, s.eigenvalues(), l.tail())), name + "-esd", LAYER_WIDTH, LAYER_HEIGHT));
    l.mp().ifPresent(mp -> figures.add(files.write(
        MpChart.build(new MpChart.Data(title, s.eigenvalues(), MpBulk.of(mp, l.q(), l.m(), s.eigenvalues()))),
        name + "-mp", LAYER_WIDTH, LAYER_HEIGHT)));
    s.randomized().ifPresent(r -> figures.add(files.write(
        RandomizedEsdChart.build(new RandomizedEsdChart.Data(title, s.eigenvalues(), r, l.randomized())), name + "-randomized", LAYER_WIDTH, LAYER_HEIGHT)));
    return figures;
  }

  private static void clearImages(Path reportDir) {
    Path img = reportDir.resolve(ChartFiles.DIR);
    try {
      Files.createDirectories(img);
      try (Stream<Path> old = Files.list(img)) {
        for (Path p : old.filter(p -> p.toString().endsWith(".png") || p.toString().endsWith(".svg")).toList()) {
          Files.delete(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + img, e);
    }
  }
}
