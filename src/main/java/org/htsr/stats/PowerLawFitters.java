package org.htsr.stats;

import java.util.List;

/** The power-law fits by their {@code fit_mode} name (the {@code --fit} option). */
public final class PowerLawFitters {

  /** Every mode name, default first. */
  public static final List<String> MODES = List.of(
      WeightWatcherFit.MODE,
      PowerlawPackageFit.LEGACY,
      ClippedPowerLawFit.MODE,
      PowerlawPackageFit.XMIN_PEAK,
      TruncatedPowerLawFit.MODE,
      HillFit.MODE);

  private PowerLawFitters() {}

  /**
   * The fitter for a mode name: {@code ww} (WeightWatcher 0.7.5.5's default), {@code legacy}
   * (powerlaw 1.5, xmax = λmax), {@code clip_xmax}, {@code xmin_peak}, {@code tpl}, {@code hill}.
   *
   * @throws IllegalArgumentException for any other name, listing the valid ones
   */
  public static PowerLawFitter forMode(String mode) {
    return switch (mode) {
      case WeightWatcherFit.MODE -> new WeightWatcherFit();
      case PowerlawPackageFit.LEGACY -> PowerlawPackageFit.legacy();
      case ClippedPowerLawFit.MODE -> new ClippedPowerLawFit();
      case PowerlawPackageFit.XMIN_PEAK -> PowerlawPackageFit.xminPeak();
      case TruncatedPowerLawFit.MODE -> new TruncatedPowerLawFit();
      case HillFit.MODE -> new HillFit();
      default -> throw new IllegalArgumentException(
          "unknown power-law fit mode '" + mode + "'; expected one of " + String.join(", ", MODES));
    };
  }
}
