package org.htsr.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Synthetic spectra and rows for the report's tests: bulk-plus-tail ESDs with known edges. */
final class Fixtures {

  private Fixtures() {}

  /**
   * n eigenvalues ascending: a bulk on [lo, hi] shaped like an MP density (dense inside, thin at the
   * edges) and {@code spikes} values spread between 1.5·hi and {@code lambdaMax}.
   */
  static double[] spectrum(int n, double lo, double hi, int spikes, double lambdaMax) {
    double[] v = new double[n];
    int bulk = n - spikes;
    for (int i = 0; i < bulk; i++) {
      double u = (i + 0.5) / bulk;
      double s = Math.sin(Math.PI * u / 2);
      v[i] = lo + (hi - lo) * s * s;
    }
    for (int k = 0; k < spikes; k++) {
      double t = spikes == 1 ? 1 : (double) k / (spikes - 1);
      v[bulk + k] = 1.5 * hi * Math.pow(lambdaMax / (1.5 * hi), t);
    }
    return v;
  }

  static TailFit tail(double alpha, double xmin) {
    return new TailFit(alpha, xmin, 0.05, 20, alpha < 2 ? "over-trained" : "");
  }

  static LayerRow layer(String checkpoint, int index, String name, double alpha, Set<Feature> features, String phase) {
    Optional<MpEdges> mp = features.contains(Feature.MP_FIT) ? Optional.of(new MpEdges(0.1, 2.0, 3, 0.4)) : Optional.empty();
    Optional<RandomizedMetrics> rand = features.contains(Feature.RANDOMIZED_METRICS)
        ? Optional.of(new RandomizedMetrics(0.01, 0.8, 0, 2.2, 0.9)) : Optional.empty();
    Optional<PhaseReading> label = features.contains(Feature.PHASE) ? Optional.of(new PhaseReading(phase, "because")) : Optional.empty();
    return new LayerRow(new LayerKey(checkpoint, index, null), name, "dense", "200x100", 200, 100, 2.0, 100, 8.0,
        alpha * Math.log10(8.0), "success", null, Optional.of(tail(alpha, 2.5)), mp, rand, label);
  }

  static Spectrum spectrumOf(Set<Feature> features) {
    double[] evals = spectrum(100, 0.1, 2.0, 5, 8.0);
    Optional<double[]> rand = features.contains(Feature.RANDOMIZED_ESD) ? Optional.of(spectrum(100, 0.1, 2.2, 0, 2.2)) : Optional.empty();
    return new Spectrum(evals, rand);
  }

  /**
   * Two models: "run" at steps 100, 200, 300 with three layers each (α falling with the step, phases
   * moving from random-like to heavy-tailed) and "single" with one checkpoint without a step.
   */
  static ReportData report(Set<Feature> features) {
    List<CheckpointRow> checkpoints = new ArrayList<>();
    List<LayerRow> layers = new ArrayList<>();
    String[] phases = {"random_like", "bulk_spikes", "heavy_tailed"};
    for (int s = 1; s <= 3; s++) {
      String ck = "file:/zoo/run/checkpoint-" + (100 * s) + "/model.safetensors";
      checkpoints.add(new CheckpointRow(ck, "run", 100L * s, "r1", 3, 0, 7.0 - s, 5.0 - 0.4 * s * s, "success", null));
      for (int i = 0; i < 3; i++) {
        layers.add(layer(ck, i, "block" + i + ".weight", 7.5 - 1.5 * s + 0.3 * i, features, phases[s - 1]));
      }
    }
    String single = "file:/models/single.safetensors";
    checkpoints.add(new CheckpointRow(single, "single", null, "r1", 2, 1, 3.0, 2.7, "success", null));
    layers.add(layer(single, 0, "fc.weight", 3.0, features, "bulk_decay"));
    layers.add(new LayerRow(new LayerKey(single, 1, null), "bad.weight", "dense", "20x10", 20, 10, 2.0, 10, null, null,
        "failed", "NON_FINITE: NaN in tensor", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
    List<FailureRow> failures = List.of(new FailureRow(single, "bad.weight", "matrix", "NON_FINITE", "bad.weight holds NaN"));
    PlotScope scope = PlotSelection.choose(checkpoints, layers, PlotSelection.Rule.LATEST_STEP_PER_MODEL, 100);
    Map<LayerKey, Spectrum> spectra = new LinkedHashMap<>();
    scope.plottedLayers().forEach(k -> spectra.put(k, spectrumOf(features)));
    List<RunRow> runs = List.of(new RunRow("r1", Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:01:00Z"),
        "completed", "/zoo /models", "{\"fit\":\"ww\"}", "0.1.0"));
    return new ReportData("/tmp/out", "abc123", runs, checkpoints, layers, failures, spectra,
        features.isEmpty() ? EnumSet.noneOf(Feature.class) : EnumSet.copyOf(features), scope, List.of());
  }
}
