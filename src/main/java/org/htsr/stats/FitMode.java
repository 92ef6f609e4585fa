package org.htsr.stats;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The {@code --fit} option: which power-law fit fills the layer row ({@code fit_mode}). */
public enum FitMode {
  WW(WeightWatcherFit.MODE, "WeightWatcher 0.7.5.5's default WWFit"),
  LEGACY(PowerlawPackageFit.LEGACY, "powerlaw 1.5 with xmax = λmax: the paper's 2018–2020 tables"),
  CLIP_XMAX(ClippedPowerLawFit.MODE, "WeightWatcher's fix_fingers: the 2–9 largest eigenvalues removed while α drops by more than 1"),
  XMIN_PEAK(PowerlawPackageFit.XMIN_PEAK, "powerlaw 1.5 without xmax, xmin searched in [log10(0.95·peak), 1.5·peak]"),
  TPL(TruncatedPowerLawFit.MODE, "truncated power law, α and Λ"),
  HILL(HillFit.MODE, "the Hill estimator, WeightWatcher's PL_Alpha_Hill");

  private final String label;
  private final String doc;

  FitMode(String label, String doc) {
    this.label = label;
    this.doc = doc;
  }

  /** The name stored in {@code fit_mode} and given to {@code --fit}. */
  public String label() {
    return label;
  }

  /** One line for {@code --help}. */
  public String doc() {
    return doc;
  }

  /** Every mode's label, default first. */
  public static List<String> labels() {
    return Arrays.stream(values()).map(FitMode::label).toList();
  }

  /** @throws IllegalArgumentException naming the value and the valid modes */
  public static FitMode parse(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    for (FitMode mode : values()) {
      if (mode.label.equals(v)) {
        return mode;
      }
    }
    throw new IllegalArgumentException("unknown --fit '" + value + "': expected one of " + String.join(", ", labels()));
  }
}
