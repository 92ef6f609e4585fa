package org.htsr.model;

/**
 * The metrics that combine the fitted α with the eigenvalues.
 *
 * @param alphaWeighted α · log10 λmax (α̂'s per-layer term; negative when λmax &lt; 1)
 * @param logAlphaNorm log10 Σ λᵢ^α
 */
public record AlphaNorms(double alphaWeighted, double logAlphaNorm) {}
