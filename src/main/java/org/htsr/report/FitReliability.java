package org.htsr.report;

/**
 * When a power-law fit is too weak to read its α as a number: α above 6 (no real tail: the fit
 * runs off into the bulk), a KS distance D above 0.1 (the tail is not a power law), or fewer than
 * 10 tail eigenvalues (σ(α) = (α−1)/√n_tail is then 30% of α−1 or more). The depth chart draws such
 * fits hollow and grey and lets none of them set its scale.
 */
final class FitReliability {

  static final double MAX_ALPHA = 6;
  static final double MAX_KS_DISTANCE = 0.1;
  static final int MIN_TAIL = 10;

  /** What a legend says about the rule. */
  static final String RULE = "α > 6, D > 0.1 or n_tail < 10";

  private FitReliability() {}

  /** A fit passes unless a value it has breaks the rule (an unknown n_tail is not held against it). */
  static boolean reliable(TailFit fit) {
    return fit.alpha() <= MAX_ALPHA
        && !(fit.ksDistance() > MAX_KS_DISTANCE)
        && (fit.tailSize() == null || fit.tailSize() >= MIN_TAIL);
  }
}
