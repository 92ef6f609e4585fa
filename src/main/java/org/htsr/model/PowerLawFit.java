package org.htsr.model;

import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * A power-law fit ρ(λ) ~ λ^(−α) of the tail λ ≥ xmin of a layer's ESD (WeightWatcher's columns).
 * Fits that have no value for a column leave it empty.
 *
 * @param fitMode which fit produced it ("ww", "legacy", "clip_xmax", "xmin_peak", "tpl", "hill"),
 *     stored as {@code fit_mode}
 * @param alpha the exponent α (for "tpl", the α of λ^(−α) e^(−Λλ))
 * @param xmin the start of the fitted tail
 * @param xmax the largest eigenvalue the fit used (the largest eigenvalue of the layer, except
 *     after clip_xmax removed fingers)
 * @param d the Kolmogorov–Smirnov distance of the fit, D
 * @param sigma the standard error of α, (α−1)/√n_tail; empty for "tpl", which has none
 * @param numPlSpikes eigenvalues ≥ xmin over the whole ESD (WeightWatcher's num_pl_spikes)
 * @param tailSize eigenvalues the fit used (≥ xmin, above the 1e-5 threshold, below any clip)
 * @param lambda the exponential cut-off Λ of a truncated power law ("tpl"; column {@code Lambda})
 * @param numFingers eigenvalues clip_xmax removed as fingers, in WeightWatcher's count (removed −
 *     1; column {@code num_fingers}); present for "clip_xmax" only
 * @param rawAlpha α before clip_xmax removed anything (column {@code raw_alpha}); "clip_xmax" only
 */
public record PowerLawFit(
    String fitMode,
    double alpha,
    double xmin,
    double xmax,
    double d,
    OptionalDouble sigma,
    int numPlSpikes,
    int tailSize,
    OptionalDouble lambda,
    OptionalInt numFingers,
    OptionalDouble rawAlpha) {

  /** α below this: WeightWatcher's "over-trained" warning. */
  public static final double OVER_TRAINED_ALPHA = 2.0;
  /** α above this: WeightWatcher's "under-trained" warning. */
  public static final double UNDER_TRAINED_ALPHA = 6.0;

  public PowerLawFit {
    Objects.requireNonNull(fitMode, "fitMode");
    Objects.requireNonNull(sigma, "sigma");
    Objects.requireNonNull(lambda, "lambda");
    Objects.requireNonNull(numFingers, "numFingers");
    Objects.requireNonNull(rawAlpha, "rawAlpha");
  }

  /** A plain power-law fit, σ = (α−1)/√tailSize, no optional columns. */
  public static PowerLawFit powerLaw(
      String fitMode, double alpha, double xmin, double xmax, double d, int numPlSpikes, int tailSize) {
    return new PowerLawFit(
        fitMode,
        alpha,
        xmin,
        xmax,
        d,
        OptionalDouble.of((alpha - 1) / Math.sqrt(tailSize)),
        numPlSpikes,
        tailSize,
        OptionalDouble.empty(),
        OptionalInt.empty(),
        OptionalDouble.empty());
  }

  /** This fit under another mode name, with clip_xmax's finger count and the unclipped α. */
  public PowerLawFit withFingers(String mode, int fingers, double unclippedAlpha) {
    return new PowerLawFit(
        mode, alpha, xmin, xmax, d, sigma, numPlSpikes, tailSize, lambda,
        OptionalInt.of(fingers), OptionalDouble.of(unclippedAlpha));
  }

  /** This fit under another mode name. */
  public PowerLawFit withMode(String mode) {
    return new PowerLawFit(mode, alpha, xmin, xmax, d, sigma, numPlSpikes, tailSize, lambda, numFingers, rawAlpha);
  }

  /** WeightWatcher's warning label for this α: "over-trained", "under-trained" or "". */
  public String warning() {
    if (alpha < OVER_TRAINED_ALPHA) {
      return "over-trained";
    }
    if (alpha > UNDER_TRAINED_ALPHA) {
      return "under-trained";
    }
    return "";
  }
}
