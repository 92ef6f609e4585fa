package org.htsr.report;

/**
 * A layer's Marchenko–Pastur fit as WeightWatcher reports it: the bulk edges λ− ({@code bulkMin})
 * and λ+ ({@code bulkMax}) in the layer's own eigenvalue units, its spike count and λ+/λmax
 * ({@code null} when a column is missing or null).
 */
public record MpEdges(double bulkMin, double bulkMax, Integer numSpikes, Double mpSoftrank) {}
