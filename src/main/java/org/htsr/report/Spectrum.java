package org.htsr.report;

import java.util.Optional;

/**
 * A layer's eigenvalues from the {@code esd} table (ascending) and, when the run randomized, the
 * eigenvalues of its entry-shuffled matrix.
 */
public record Spectrum(double[] eigenvalues, Optional<double[]> randomized) {}
