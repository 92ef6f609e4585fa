package org.htsr.stats.calibration;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.htsr.model.LayerSpectrum;
import org.htsr.model.MpFit;
import org.htsr.model.Phase;
import org.htsr.model.PhaseFeatures;
import org.htsr.model.PhaseLabel;
import org.htsr.model.PowerLawFit;
import org.htsr.stats.FitException;
import org.htsr.stats.MarchenkoPasturFit;
import org.htsr.stats.PhaseClassifier;
import org.htsr.stats.PhaseFeaturesCalculator;
import org.htsr.stats.WeightWatcherFit;

/**
 * Runs the calibration grid: every {@link CalibrationCase} at M ∈ {256, 1024}, Q ∈ {1, 2, 4},
 * seeds 0…k−1, through the pipeline a layer goes through (WWFit, WeightWatcher's MP fit, {@link
 * PhaseFeaturesCalculator}, {@link PhaseClassifier}), and tabulates the labels.
 */
public final class PhaseCalibration {

  public static final int[] SIZES = {256, 1024};
  public static final int[] ASPECT_RATIOS = {1, 2, 4};

  private PhaseCalibration() {}

  /** The labels of one (case, M, Q) cell. */
  public record Cell(CalibrationCase calibrationCase, int m, int q, Map<Phase, Integer> counts, int seeds, List<String> misses) {

    public int hits() {
      return calibrationCase.accepted().stream().mapToInt(p -> counts.getOrDefault(p, 0)).sum();
    }

    public double hitRate() {
      return (double) hits() / seeds;
    }
  }

  /** Labels {@code seeds} draws of one case at one size and aspect ratio. */
  public static Cell run(CalibrationCase c, int m, int q, int seeds) throws FitException {
    Map<Phase, Integer> counts = new EnumMap<>(Phase.class);
    List<String> misses = new ArrayList<>();
    for (int seed = 0; seed < seeds; seed++) {
      LayerSpectrum spectrum = c.spectrum(m, q, seed);
      PhaseLabel label = classify(spectrum, (long) q * m, m);
      counts.merge(label.phase(), 1, Integer::sum);
      if (!c.accepted().contains(label.phase())) {
        misses.add("seed " + seed + ": " + label.reason());
      }
    }
    return new Cell(c, m, q, counts, seeds, misses);
  }

  /** A layer's label, computed as the analysis layer would. */
  static PhaseLabel classify(LayerSpectrum spectrum, long n, long m) throws FitException {
    double[] lambda = spectrum.eigenvalues();
    Optional<PowerLawFit> fit;
    try {
      fit = Optional.of(new WeightWatcherFit().fit(lambda));
    } catch (FitException e) {
      fit = Optional.empty();
    }
    MpFit mp = MarchenkoPasturFit.fit(lambda, n, m);
    PhaseFeatures features = PhaseFeaturesCalculator.compute(lambda, n, m, spectrum.rankLoss(), Optional.of(mp), fit);
    return PhaseClassifier.classify(features);
  }

  /** The confusion matrix as a Markdown table: one row per (case, M, Q), one column per phase. */
  public static String markdown(List<Cell> cells) {
    StringBuilder sb = new StringBuilder("| case | expected | M | Q |");
    for (Phase p : Phase.values()) {
      sb.append(' ').append(p.label()).append(" |");
    }
    sb.append(" hit rate |\n|---|---|---|---|");
    sb.append("---|".repeat(Phase.values().length)).append("---|\n");
    for (Cell cell : cells) {
      String expected = cell.calibrationCase().accepted().stream().map(Phase::label).collect(java.util.stream.Collectors.joining(" or "));
      sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %d |",
          cell.calibrationCase().name().toLowerCase(Locale.ROOT), expected, cell.m(), cell.q()));
      for (Phase p : Phase.values()) {
        sb.append(' ').append(cell.counts().getOrDefault(p, 0)).append(" |");
      }
      sb.append(String.format(Locale.ROOT, " %.0f%% |%n", 100 * cell.hitRate()));
    }
    return sb.toString();
  }

  /**
   * The full grid, 20 seeds per cell, printed as Markdown (docs/phases.md). Run with
   * {@code mvn -B -q test -Dtest=PhaseCalibrationTest -Dhtsr.calibration=full}.
   */
  public static List<Cell> grid(int seedsSmall, int seedsLarge) throws FitException {
    List<Cell> cells = new ArrayList<>();
    for (CalibrationCase c : CalibrationCase.values()) {
      for (int m : SIZES) {
        for (int q : ASPECT_RATIOS) {
          cells.add(run(c, m, q, m == SIZES[0] ? seedsSmall : seedsLarge));
        }
      }
    }
    return cells;
  }
}
