package org.htsr.model;

/**
 * A power-law fit ρ(λ) ~ λ^(−α) of the tail λ ≥ xmin of a layer's ESD (WeightWatcher's columns).
 *
 * @param fitMode which fit produced it ("ww", …), stored as {@code fit_mode}
 * @param alpha the exponent α
 * @param xmin the start of the fitted tail
 * @param xmax the largest eigenvalue (WeightWatcher's {@code xmax} column)
 * @param d the Kolmogorov–Smirnov distance of the fit, D
 * @param sigma the standard error of α, (α−1)/√n_tail
 * @param numPlSpikes eigenvalues ≥ xmin over the whole ESD (WeightWatcher's num_pl_spikes)
 * @param tailSize eigenvalues the fit used (≥ xmin, above the 1e-5 threshold)
 */
public record PowerLawFit(
    String fitMode, double alpha, double xmin, double xmax, double d, double sigma, int numPlSpikes, int tailSize) {

  /** α below this: WeightWatcher's "over-trained" warning. */
  public static final double OVER_TRAINED_ALPHA = 2.0;
  /** α above this: WeightWatcher's "under-trained" warning. */
  public static final double UNDER_TRAINED_ALPHA = 6.0;

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
