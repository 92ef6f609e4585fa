package org.htsr.report;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the report shows, read from the tables of one analysis configuration: rows in page
 * order (checkpoints by model and step, layers by checkpoint and layer_index), the spectra of the
 * layers in {@code scope.plottedLayers()}, which optional parts the tables carry, and the filters
 * that narrowed them (as the user gave them, for the page).
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
    List<String> filters) {}
