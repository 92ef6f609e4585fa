package org.htsr.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.htsr.model.RowStatus;

/**
 * The across-steps charts of one model, as data: checkpoint means, α and α̂ per layer, and the
 * phase timeline when the tables carry phases. A model has trends when it has at least two
 * checkpoints with distinct steps.
 */
record ModelTrend(String model, MeanTrendChart.Data means, LayerTrendChart.Data alpha, LayerTrendChart.Data alphaWeighted,
    Optional<PhaseTimelineChart.Data> phases) {

  /** The trends of every model with two or more steps, in the order models first appear. */
  static List<ModelTrend> of(ReportData data) {
    Map<String, List<CheckpointRow>> byModel = new LinkedHashMap<>();
    for (CheckpointRow c : data.checkpoints()) {
      if (c.model() != null && c.step() != null && RowStatus.SUCCESS.label().equals(c.status())) {
        byModel.computeIfAbsent(c.model(), k -> new ArrayList<>()).add(c);
      }
    }
    Map<String, List<LayerRow>> layersByCheckpoint = data.layers().stream()
        .collect(Collectors.groupingBy(l -> l.key().checkpoint(), LinkedHashMap::new, Collectors.toList()));
    List<ModelTrend> trends = new ArrayList<>();
    for (Map.Entry<String, List<CheckpointRow>> e : byModel.entrySet()) {
      List<CheckpointRow> checkpoints = e.getValue();
      checkpoints.sort(Comparator.comparing(CheckpointRow::step));
      if (checkpoints.stream().map(CheckpointRow::step).distinct().count() >= 2) {
        trends.add(of(e.getKey(), checkpoints, layersByCheckpoint, data.features()));
      }
    }
    return trends;
  }

  private static ModelTrend of(String model, List<CheckpointRow> checkpoints, Map<String, List<LayerRow>> layersByCheckpoint,
      Set<Feature> features) {
    String subtitle = checkpoints.size() + " checkpoints, steps " + checkpoints.get(0).step() + "…" + checkpoints.get(checkpoints.size() - 1).step();
    StepSeries meanAlpha = means("checkpoint mean α", checkpoints, CheckpointRow::alpha);
    StepSeries meanWeighted = means("checkpoint α̂ (mean α·log10 λmax)", checkpoints, CheckpointRow::alphaWeighted);

    // a layer is the same layer across steps when its name and slice agree; rows in layer order
    Map<String, List<Step>> rows = new LinkedHashMap<>();
    Map<String, Integer> order = new LinkedHashMap<>();
    for (CheckpointRow c : checkpoints) {
      for (LayerRow l : layersByCheckpoint.getOrDefault(c.checkpoint(), List.of())) {
        rows.computeIfAbsent(l.label(), k -> new ArrayList<>()).add(new Step(c.step(), l));
        order.merge(l.label(), l.key().layerIndex(), Math::min);
      }
    }
    List<String> labels = new ArrayList<>(rows.keySet());
    labels.sort(Comparator.comparing(order::get));
    List<StepSeries> alpha = new ArrayList<>();
    List<StepSeries> weighted = new ArrayList<>();
    for (String label : labels) {
      alpha.add(series(label, rows.get(label), l -> l.tail().map(TailFit::alpha).orElse(null)));
      weighted.add(series(label, rows.get(label), l -> l.tail().isPresent() ? l.alphaWeighted() : null));
    }
    Optional<PhaseTimelineChart.Data> phases = features.contains(Feature.PHASE)
        ? Optional.of(timeline(model, subtitle, checkpoints, labels, rows))
        : Optional.empty();
    return new ModelTrend(model,
        new MeanTrendChart.Data(model + ": mean α and α̂ across steps", subtitle, meanAlpha, meanWeighted),
        new LayerTrendChart.Data(model + ": α per layer across steps", subtitle, "α (power-law exponent of the ESD tail)", alpha, meanAlpha),
        new LayerTrendChart.Data(model + ": α̂ per layer across steps", subtitle, "α·log10 λmax (the layer's term of α̂)", weighted, meanWeighted),
        phases);
  }

  private record Step(long step, LayerRow layer) {}

  private static StepSeries means(String label, List<CheckpointRow> checkpoints, Function<CheckpointRow, Double> value) {
    return new StepSeries(label, checkpoints.stream().filter(c -> value.apply(c) != null)
        .map(c -> new StepSeries.Point(c.step(), value.apply(c))).toList());
  }

  private static StepSeries series(String label, List<Step> steps, Function<LayerRow, Double> value) {
    return new StepSeries(label, steps.stream().filter(s -> value.apply(s.layer()) != null)
        .map(s -> new StepSeries.Point(s.step(), value.apply(s.layer()))).toList());
  }

  private static PhaseTimelineChart.Data timeline(String model, String subtitle, List<CheckpointRow> checkpoints, List<String> labels,
      Map<String, List<Step>> rows) {
    List<Long> steps = new ArrayList<>(checkpoints.stream().map(CheckpointRow::step).collect(Collectors.toCollection(TreeSet::new)));
    List<PhaseTimelineChart.Cell> cells = new ArrayList<>();
    for (int row = 0; row < labels.size(); row++) {
      for (Step s : rows.get(labels.get(row))) {
        Optional<PhaseReading> phase = s.layer().phase();
        if (phase.isPresent() && phase.get().phase() != null) {
          cells.add(new PhaseTimelineChart.Cell(steps.indexOf(s.step()), row, phase.get().phase()));
        }
      }
    }
    return new PhaseTimelineChart.Data(model + ": phase of each layer across steps", subtitle, steps, labels, cells);
  }
}
