package org.htsr.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.htsr.linalg.DenseMatrix;
import org.htsr.linalg.LayerSpectra;
import org.htsr.linalg.MatrixViews;
import org.htsr.linalg.SpectrumException;
import org.htsr.linalg.SpectrumSolver;
import org.htsr.model.AlphaNorms;
import org.htsr.model.LayerFailure;
import org.htsr.model.LayerFailure.Stage;
import org.htsr.model.LayerResult;
import org.htsr.model.LayerSpec;
import org.htsr.model.LayerSpectrum;
import org.htsr.model.NormMetrics;
import org.htsr.model.PowerLawFit;
import org.htsr.stats.FitException;
import org.htsr.stats.NormMetricsCalculator;
import org.htsr.stats.PowerLawFitter;

/**
 * One layer, from its tensor's values to a {@link LayerResult}, in WeightWatcher's order: matrices
 * (with conv scaling) → eigenvalues → power-law fit → norm metrics. Plain Java; no Spark.
 */
public final class LayerAnalyzer {

  private final SpectrumSolver solver;
  private final PowerLawFitter fitter;

  public LayerAnalyzer(SpectrumSolver solver, PowerLawFitter fitter) {
    this.solver = solver;
    this.fitter = fitter;
  }

  /** Analyses {@code spec} given its tensor's values (row-major, all finite). */
  public LayerResult analyze(LayerSpec spec, double[] tensorValues) {
    long start = System.nanoTime();
    List<DenseMatrix> matrices = MatrixViews.matrices(spec, tensorValues);
    if (isAllZero(matrices)) {
      return LayerResult.failed(
          spec,
          new LayerFailure(Stage.MATRIX, "AllZero", spec.tensor().name() + ": every value is zero, the ESD is empty"),
          seconds(start));
    }
    LayerSpectrum spectrum;
    try {
      spectrum = LayerSpectra.compute(matrices, spec.n(), solver);
    } catch (SpectrumException e) {
      return LayerResult.failed(
          spec, new LayerFailure(Stage.SPECTRUM, "SpectrumException", spec.tensor().name() + ": " + e.getMessage()), seconds(start));
    }
    return analyzeSpectrum(spec, spectrum, seconds(start));
  }

  /** Fits and metrics for a spectrum computed elsewhere (for example by the distributed route). */
  public LayerResult analyzeSpectrum(LayerSpec spec, LayerSpectrum spectrum, double secondsEigen) {
    long start = System.nanoTime();
    List<LayerFailure> failures = new ArrayList<>();
    Optional<PowerLawFit> fit = Optional.empty();
    try {
      fit = Optional.of(fitter.fit(spectrum.eigenvalues()));
    } catch (FitException e) {
      failures.add(new LayerFailure(Stage.FIT, "FitException", spec.tensor().name() + ": " + e.getMessage()));
    }
    NormMetrics norms = NormMetricsCalculator.norms(spectrum);
    Optional<AlphaNorms> alphaNorms = fit.map(f -> NormMetricsCalculator.alphaNorms(spectrum, f.alpha()));
    return new LayerResult(
        spec, Optional.of(spectrum), Optional.of(norms), fit, alphaNorms, failures, secondsEigen, seconds(start), 0);
  }

  public String solverName() {
    return solver.name();
  }

  private static boolean isAllZero(List<DenseMatrix> matrices) {
    for (DenseMatrix m : matrices) {
      for (double v : m.data()) {
        if (v != 0) {
          return false;
        }
      }
    }
    return true;
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
