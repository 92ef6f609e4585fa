package org.htsr.report;

/**
 * Comparison of a layer's ESD with the ESD of its entry-shuffled matrix (WeightWatcher's
 * randomize): each value {@code null} when its column is missing or null.
 */
public record RandomizedMetrics(Double randDistance, Double wwSoftrank, Integer randNumSpikes) {}
