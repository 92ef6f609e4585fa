package org.htsr.report;

/**
 * A layer's Marchenko–Pastur fit as WeightWatcher reports it: {@code sigmaMp} in the mean-1
 * rescaled units, the bulk edges λ− ({@code bulkMin}) and λ+ ({@code bulkMax}) in the layer's own
 * eigenvalue units, and the counts and ratios that come with it ({@code null} when a column is
 * missing or null).
 */
public record MpFit(double bulkMin, double bulkMax, Double sigmaMp, Integer numSpikes, Double mpSoftrank) {}
