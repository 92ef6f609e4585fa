package org.htsr.stats;

import java.util.List;

/** The power-law fits by their {@code fit_mode} name (the {@code --fit} option). */
public final class PowerLawFitters {

  /** Every mode name, default first. */
  public static final List<String> MODES = FitMode.labels();

  private PowerLawFitters() {}

  /**
   * The fitter of a mode: {@code ww} (WeightWatcher 0.7.5.5's default), {@code legacy}
   * (powerlaw 1.5, xmax = λmax), {@code clip_xmax}, {@code xmin_peak}, {@code tpl}, {@code hill}.
   */
  public static PowerLawFitter forMode(FitMode mode) {
    return switch (mode) {
      case WW -> new WeightWatcherFit();
      case LEGACY -> PowerlawPackageFit.legacy();
      case CLIP_XMAX -> new ClippedPowerLawFit();
      case XMIN_PEAK -> PowerlawPackageFit.xminPeak();
      case TPL -> new TruncatedPowerLawFit();
      case HILL -> new HillFit();
    };
  }

  /**
   * The fitter of a mode's label ({@link FitMode#label()}).
   *
   * @throws IllegalArgumentException for any other name, listing the valid ones
   */
  public static PowerLawFitter forMode(String mode) {
    if (!MODES.contains(mode)) {
      throw new IllegalArgumentException(
          "unknown power-law fit mode '" + mode + "'; expected one of " + String.join(", ", MODES));
    }
    return forMode(FitMode.parse(mode));
  }
}
