package org.htsr.report;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A checkpoint's part of the page: its row, its layer rows, α through the network, and the layers' plots. */
record CheckpointSection(CheckpointRow checkpoint, String name, List<LayerRow> layers, Optional<Figure> depth,
    Map<LayerKey, List<Figure>> plots) {}
