package org.htsr.report;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the report shows, read from the tables of one analysis configuration: rows in page
 * order (checkpoints by model and step, layers by checkpoint and layer_index), the spectra of the
 * layers in {@code scope.plottedLayers()}, which optional parts the tables carry, and the filters
 * that narrowed them (as the user gave them, for the page), and the comparisons across runs.
 */
public record ReportData(
    String source,
    String configHash,
    List<RunRow> runs,
    List<CheckpointRow> checkpoints,
    List<LayerRow> layers,
    List<FailureRow> failures,
    Map<LayerKey, Spectrum> spectra,
    Set<Feature> features,
    PlotScope scope,
    List<String> filters,
    Comparisons comparisons) {

  public ReportData(String source, String configHash, List<RunRow> runs, List<CheckpointRow> checkpoints, List<LayerRow> layers,
      List<FailureRow> failures, Map<LayerKey, Spectrum> spectra, Set<Feature> features, PlotScope scope, List<String> filters) {
    this(source, configHash, runs, checkpoints, layers, failures, spectra, features, scope, filters, Comparisons.NONE);
  }
}
