package org.htsr.report;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What the report compares across training runs (runs_series, layer_series and
 * experiment_correlations of docs/experiments.md): one point per checkpoint, one per layer and
 * checkpoint, the rank correlations, and one layer's spectra at each run's last step.
 */
public record Comparisons(List<RunPoint> points, List<LayerPoint> layers, List<Correlation> correlations, EsdAcrossRuns esd) {

  public static final Comparisons NONE = new Comparisons(List.of(), List.of(), List.of(), new EsdAcrossRuns("", Map.of()));

  /** One checkpoint: its run, step/epoch, accuracy (null when unknown), ⟨α⟩, α̂ and numeric metadata. */
  public record RunPoint(String experiment, String run, Long step, Double epoch, Double accuracy, Double alpha, Double alphaWeighted,
      Map<String, Double> numbers) {}

  /** One layer of one checkpoint. */
  public record LayerPoint(String experiment, String run, Long step, Double epoch, String layer, Double alpha, String phase,
      Map<String, Double> numbers) {}

  /** A row of experiment_correlations. */
  public record Correlation(String experiment, String checkpoints, String metric, int n, Double rho, Double rhoP, Double tau, Double tauP) {}

  /** One layer's eigenvalues at each run's last step, runs in natural order. */
  public record EsdAcrossRuns(String layer, Map<String, double[]> eigenvaluesByRun) {}

  /** Runs in natural order (run_bs2 before run_bs16). */
  public List<String> runs() {
    return points.stream().map(RunPoint::run).distinct().sorted(NaturalOrder.COMPARATOR).toList();
  }

  /** Numeric metadata keys whose value differs between runs and is constant within each run (hyperparameters). */
  public List<String> runKeys() {
    Set<String> keys = new TreeSet<>();
    points.forEach(p -> keys.addAll(p.numbers().keySet()));
    Set<Map<String, Set<Double>>> seen = new java.util.HashSet<>();
    return keys.stream().filter(k -> !k.equals("step") && !k.equals("global_step") && !k.equals("epoch")).filter(k -> {
      Map<String, Set<Double>> perRun = points.stream().filter(p -> p.numbers().containsKey(k))
          .collect(Collectors.groupingBy(RunPoint::run, Collectors.mapping(p -> p.numbers().get(k), Collectors.toSet())));
      long distinct = perRun.values().stream().flatMap(Set::stream).distinct().count();
      // the same values under another name (batch_size and per_device_train_batch_size) are drawn once
      return perRun.size() >= 2 && distinct >= 2 && perRun.values().stream().allMatch(s -> s.size() == 1) && seen.add(perRun);
    }).toList();
  }

  /** Each run's last checkpoint (largest step). */
  public List<RunPoint> finalPoints() {
    return runs().stream().map(r -> points.stream().filter(p -> p.run().equals(r))
        .max(java.util.Comparator.comparing(p -> p.step() == null ? Long.MIN_VALUE : p.step())).orElseThrow()).toList();
  }
}
