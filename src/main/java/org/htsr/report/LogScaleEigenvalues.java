package org.htsr.report;

import java.util.Arrays;

/**
 * The eigenvalues a log axis can show, ascending: every one above numerical zero, λmax·n·ε (the
 * scale of the solver's rounding error for n eigenvalues; the same form as the tables'
 * matrix_rank threshold). WeightWatcher fits only λ &gt; 1e-5, but a fixed cut also hid real small
 * eigenvalues (72 of 384 on one FC layer), so the plots show them and count only what a log axis
 * cannot place.
 *
 * @param shown the eigenvalues above {@code floor}, ascending
 * @param hidden how many were at or below {@code floor} (zeros included)
 * @param floor λmax·n·ε, 0 for an empty or all-zero spectrum
 */
record LogScaleEigenvalues(double[] shown, int hidden, double floor) {

  static LogScaleEigenvalues of(double[] eigenvalues) {
    double max = Arrays.stream(eigenvalues).max().orElse(0);
    double floor = Math.max(0, max * eigenvalues.length * Math.ulp(1.0));
    double[] shown = Arrays.stream(eigenvalues).filter(v -> v > floor).sorted().toArray();
    return new LogScaleEigenvalues(shown, eigenvalues.length - shown.length, floor);
  }

  /** A subtitle fragment naming what is not drawn ("" when everything is). */
  String hiddenNote() {
    return hidden == 0 ? "" : " · " + hidden + " of " + (hidden + shown.length) + " λ ≤ " + Numbers.format(floor) + " (zero) not drawn";
  }

  /** Eigenvalues shown that WeightWatcher's fit leaves out (λ ≤ 1e-5). */
  long belowFitThreshold() {
    return Arrays.stream(shown).filter(v -> v <= EsdChart.FIT_THRESHOLD).count();
  }
}
