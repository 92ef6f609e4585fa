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

  /** The labels of one (case, M, Q) cell, and its draws' features. */
  public record Cell(
      CalibrationCase calibrationCase, int m, int q, Map<Phase, Integer> counts, int seeds, List<String> misses,
      List<PhaseFeatures> features) {

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
    List<PhaseFeatures> features = new ArrayList<>();
    for (int seed = 0; seed < seeds; seed++) {
      LayerSpectrum spectrum = c.spectrum(m, q, seed);
      PhaseFeatures f = features(spectrum, (long) q * m, m);
      PhaseLabel label = PhaseClassifier.classify(f);
      features.add(f);
      counts.merge(label.phase(), 1, Integer::sum);
      if (!c.accepted().contains(label.phase())) {
        misses.add("seed " + seed + ": " + label.reason());
      }
    }
    return new Cell(c, m, q, counts, seeds, misses, features);
  }

  /** A layer's features, computed as the analysis layer would. */
  static PhaseFeatures features(LayerSpectrum spectrum, long n, long m) throws FitException {
    double[] lambda = spectrum.eigenvalues();
    Optional<PowerLawFit> fit;
    try {
      fit = Optional.of(new WeightWatcherFit().fit(lambda));
    } catch (FitException e) {
      fit = Optional.empty();
    }
    MpFit mp = MarchenkoPasturFit.fit(lambda, n, m);
    return PhaseFeaturesCalculator.compute(lambda, n, m, spectrum.rankLoss(), Optional.of(mp), fit);
  }

  /**
   * Per case, over all its cells: the range of each feature a rule reads, to show how far each
   * case stays from each threshold.
   */
  public static String featureRanges(List<Cell> cells) {
    Map<String, java.util.function.ToDoubleFunction<PhaseFeatures>> columns = new java.util.LinkedHashMap<>();
    columns.put("f0 excess", PhaseFeatures::nearZeroExcess);
    columns.put("f_out", PhaseFeatures::outlierFraction);
    columns.put("K_far", PhaseFeatures::numFar);
    columns.put("K_bleed/K", f -> f.numOutliers() == 0 ? 0 : (double) f.numBleeding() / f.numOutliers());
    columns.put("D_MP", PhaseFeatures::mpDistance);
    columns.put("R_mp", PhaseFeatures::mpSoftrank);
    columns.put("alpha", f -> f.alpha().orElse(Double.NaN));
    columns.put("D_PL", f -> f.plDistance().orElse(Double.NaN));
    columns.put("n_tail", f -> f.tailSize().isPresent() ? f.tailSize().getAsInt() : Double.NaN);
    StringBuilder sb = new StringBuilder("| case |");
    columns.keySet().forEach(k -> sb.append(' ').append(k).append(" |"));
    sb.append("\n|---|").append("---|".repeat(columns.size())).append('\n');
    for (CalibrationCase c : CalibrationCase.values()) {
      sb.append("| ").append(c.name().toLowerCase(Locale.ROOT)).append(" |");
      for (java.util.function.ToDoubleFunction<PhaseFeatures> column : columns.values()) {
        double[] values = cells.stream().filter(cell -> cell.calibrationCase() == c)
            .flatMap(cell -> cell.features().stream()).mapToDouble(column).toArray();
        double lo = java.util.Arrays.stream(values).min().orElse(Double.NaN);
        double hi = java.util.Arrays.stream(values).max().orElse(Double.NaN);
        sb.append(String.format(Locale.ROOT, " %.3g – %.3g |", lo, hi));
      }
      sb.append('\n');
    }
    return sb.toString();
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
