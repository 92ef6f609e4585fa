package org.htsr.report;

/**
 * Identity of one layer row within a configuration: the checkpoint URI, the tensor's position in
 * it and, for per-slice rows, the slice ({@code null} when the slices were pooled).
 */
public record LayerKey(String checkpoint, int layerIndex, Integer slice) {}
