package org.htsr.report;

import java.util.List;
import java.util.Set;

/**
 * What gets drawn in detail: the checkpoints whose section shows α through the network, the layers
 * that get per-layer plots, and sentences for the page that say what was left out and why.
 */
public record PlotScope(Set<String> detailedCheckpoints, Set<LayerKey> plottedLayers, List<String> notes) {}
