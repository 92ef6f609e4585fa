package org.htsr.report;

/**
 * The power-law fit of a layer's ESD tail, ρ(λ) ∝ λ^−α on [xmin, λmax] (the layers table's
 * alpha, xmin, D, num_pl_spikes and warning).
 *
 * @param tailSize n_tail, the eigenvalues ≥ xmin (num_pl_spikes); {@code null} when the column is missing or null
 */
public record TailFit(double alpha, double xmin, double ksDistance, Integer tailSize, String warning) {}
