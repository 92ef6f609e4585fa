package org.htsr.report;

/**
 * The power-law fit of a layer's ESD tail, ρ(λ) ∝ λ^−α on [xmin, λmax] (the layers table's
 * alpha, xmin, D and warning).
 */
public record TailFit(double alpha, double xmin, double ksDistance, String warning) {}
