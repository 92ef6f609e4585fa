package org.htsr.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The comparison across runs: α, α̂ and phase against each hyperparameter that differs between
 * runs, the runs' curves overlaid against the epoch (or step), α̂ against accuracy with its rank
 * correlation in the title, and one layer's ESD across runs. Drawn when there are two runs or more.
 */
record ComparisonSection(List<Figure> figures, List<Comparisons.Correlation> correlations) {

  /** Hyperparameters drawn, at most: each one adds three charts. */
  static final int MAX_KEYS = 3;

  private static final List<String> PHASES = Arrays.stream(PhaseStyle.values()).map(PhaseStyle::stored).toList();

  static Optional<ComparisonSection> write(ChartFiles files, Comparisons c) {
    if (c.runs().size() < 2) {
      return Optional.empty();
    }
    List<Figure> figures = new ArrayList<>();
    List<Comparisons.RunPoint> finals = c.finalPoints();
    List<Comparisons.LayerPoint> finalLayers = c.layers().stream()
        .filter(l -> finals.stream().anyMatch(p -> p.run().equals(l.run()) && java.util.Objects.equals(p.step(), l.step()))).toList();
    for (String key : c.runKeys().stream().limit(MAX_KEYS).toList()) {
      String slug = Names.slug(key);
      figures.add(files.write(SeriesChart.build(new SeriesChart.Data("α of every layer against " + key,
          "each run's last checkpoint", key, "α", byLayer(finalLayers, key, l -> l.alpha()), SeriesChart.Style.LINES, List.of())),
          "compare-alpha-" + slug, ReportWriter.WIDE_WIDTH, ReportWriter.WIDE_HEIGHT));
      List<Comparisons.RunPoint> withKey = finals.stream().filter(p -> p.numbers().containsKey(key)).toList();
      figures.add(files.write(SeriesChart.build(new SeriesChart.Data("α̂ against " + key, "each run's last checkpoint", key, "α̂ = ⟨α·log10 λmax⟩",
          List.of(series("α̂", withKey, p -> p.numbers().get(key), Comparisons.RunPoint::alphaWeighted)), SeriesChart.Style.LINES, List.of())),
          "compare-alpha-hat-" + slug, ReportWriter.WIDE_WIDTH, ReportWriter.WIDE_HEIGHT));
      if (finalLayers.stream().anyMatch(l -> l.phase() != null)) {
        figures.add(files.write(SeriesChart.build(new SeriesChart.Data("Phase of every layer against " + key, "each run's last checkpoint",
            key, "phase", byLayer(finalLayers, key, l -> phaseIndex(l.phase())), SeriesChart.Style.LINES, PHASES)),
            "compare-phase-" + slug, ReportWriter.WIDE_WIDTH, ReportWriter.WIDE_HEIGHT));
      }
    }
    boolean epochs = c.points().stream().allMatch(p -> p.epoch() != null);
    String xLabel = epochs ? "epoch" : "training step";
    Function<Comparisons.RunPoint, Double> x = epochs ? Comparisons.RunPoint::epoch : p -> p.step() == null ? null : p.step().doubleValue();
    figures.add(files.write(SeriesChart.build(new SeriesChart.Data("⟨α⟩ of each run against " + xLabel, "mean α over the layers with a fit",
        xLabel, "⟨α⟩", byRun(c, x, Comparisons.RunPoint::alpha), SeriesChart.Style.LINES, List.of())),
        "compare-runs-alpha", ReportWriter.WIDE_WIDTH, ReportWriter.WIDE_HEIGHT));
    figures.add(files.write(SeriesChart.build(new SeriesChart.Data("α̂ of each run against " + xLabel, "α̂ = ⟨α·log10 λmax⟩",
        xLabel, "α̂", byRun(c, x, Comparisons.RunPoint::alphaWeighted), SeriesChart.Style.LINES, List.of())),
        "compare-runs-alpha-hat", ReportWriter.WIDE_WIDTH, ReportWriter.WIDE_HEIGHT));
    if (c.points().stream().anyMatch(p -> p.accuracy() != null)) {
      figures.add(files.write(SeriesChart.build(new SeriesChart.Data(accuracyTitle(c), "every checkpoint with an accuracy; one colour per run",
          "α̂", "accuracy", byRun(c, Comparisons.RunPoint::alphaWeighted, Comparisons.RunPoint::accuracy), SeriesChart.Style.POINTS, List.of())),
          "compare-alpha-hat-accuracy", ReportWriter.WIDE_WIDTH, ReportWriter.WIDE_HEIGHT));
    }
    if (c.esd().eigenvaluesByRun().size() >= 2) {
      figures.add(files.write(EsdAcrossRunsChart.build(c.esd()), "compare-esd-" + Names.slug(c.esd().layer()),
          ReportWriter.WIDE_WIDTH, ReportWriter.WIDE_HEIGHT));
    }
    return Optional.of(new ComparisonSection(figures, c.correlations()));
  }

  /** "α̂ against accuracy: Spearman ρ = …, Kendall τ = … (n = …)" from experiment_correlations, all checkpoints. */
  static String accuracyTitle(Comparisons c) {
    return c.correlations().stream().filter(r -> r.checkpoints().equals("all") && r.metric().equals("alpha_weighted") && r.rho() != null)
        .findFirst()
        .map(r -> "α̂ against accuracy: Spearman ρ = " + Numbers.format(r.rho()) + " (p = " + Numbers.format(r.rhoP()) + "), Kendall τ = "
            + Numbers.format(r.tau()) + " (p = " + Numbers.format(r.tauP()) + "), n = " + r.n())
        .orElse("α̂ against accuracy");
  }

  private static Double phaseIndex(String phase) {
    int i = PHASES.indexOf(phase);
    return i < 0 ? null : (double) i;
  }

  private static List<SeriesChart.Series> byLayer(List<Comparisons.LayerPoint> layers, String key,
      Function<Comparisons.LayerPoint, Double> y) {
    Map<String, List<Comparisons.LayerPoint>> by = new LinkedHashMap<>();
    layers.stream().filter(l -> l.numbers().containsKey(key))
        .sorted(java.util.Comparator.comparing((Comparisons.LayerPoint l) -> l.numbers().get(key)))
        .forEach(l -> by.computeIfAbsent(l.layer(), k -> new ArrayList<>()).add(l));
    List<SeriesChart.Series> out = new ArrayList<>();
    by.entrySet().stream().sorted(Map.Entry.comparingByKey(NaturalOrder.COMPARATOR)).forEach(e -> out.add(new SeriesChart.Series(e.getKey(),
        e.getValue().stream().mapToDouble(l -> l.numbers().get(key)).toArray(),
        e.getValue().stream().mapToDouble(l -> orNaN(y.apply(l))).toArray())));
    return out;
  }

  private static List<SeriesChart.Series> byRun(Comparisons c, Function<Comparisons.RunPoint, Double> x, Function<Comparisons.RunPoint, Double> y) {
    List<SeriesChart.Series> out = new ArrayList<>();
    for (String run : c.runs()) {
      List<Comparisons.RunPoint> points = c.points().stream().filter(p -> p.run().equals(run))
          .sorted(java.util.Comparator.comparing(p -> p.step() == null ? Long.MIN_VALUE : p.step())).toList();
      out.add(series(run, points, x, y));
    }
    return out;
  }

  private static SeriesChart.Series series(String label, List<Comparisons.RunPoint> points, Function<Comparisons.RunPoint, Double> x,
      Function<Comparisons.RunPoint, Double> y) {
    return new SeriesChart.Series(label, points.stream().mapToDouble(p -> orNaN(x.apply(p))).toArray(),
        points.stream().mapToDouble(p -> orNaN(y.apply(p))).toArray());
  }

  private static double orNaN(Double v) {
    return v == null ? Double.NaN : v;
  }
}
