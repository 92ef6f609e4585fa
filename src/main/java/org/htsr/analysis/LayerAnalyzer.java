package org.htsr.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.htsr.linalg.DenseMatrix;
import org.htsr.linalg.LayerSpectra;
import org.htsr.linalg.MatrixViews;
import org.htsr.linalg.Reduction;
import org.htsr.linalg.Reductions;
import org.htsr.linalg.SpectrumException;
import org.htsr.linalg.SpectrumSolver;
import org.htsr.model.AlphaNorms;
import org.htsr.model.LayerFailure;
import org.htsr.model.LayerFailure.Stage;
import org.htsr.model.LayerResult;
import org.htsr.model.LayerSpec;
import org.htsr.model.LayerSpectrum;
import org.htsr.model.MpFit;
import org.htsr.model.NormMetrics;
import org.htsr.model.PhaseFeatures;
import org.htsr.model.PhaseLabel;
import org.htsr.model.PowerLawFit;
import org.htsr.model.RandomizedEsd;
import org.htsr.stats.FitException;
import org.htsr.stats.MarchenkoPasturFit;
import org.htsr.stats.NormMetricsCalculator;
import org.htsr.stats.PhaseClassifier;
import org.htsr.stats.PhaseFeaturesCalculator;
import org.htsr.stats.PowerLawFitter;
import org.htsr.stats.RandomizedEsdMetrics;
import org.htsr.stats.Shuffles;

/**
 * One layer, from its tensor's values to a {@link LayerResult}, in WeightWatcher's order: matrices
 * (with conv scaling) → eigenvalues → power-law fit → Marchenko–Pastur fit → norm metrics →
 * [randomized ESD]; then htsr's phase label. Plain Java; no Spark.
 */
public final class LayerAnalyzer {

  private final SpectrumSolver solver;
  private final PowerLawFitter fitter;
  private final Randomization randomization;

  public LayerAnalyzer(SpectrumSolver solver, PowerLawFitter fitter, Randomization randomization) {
    this.solver = solver;
    this.fitter = fitter;
    this.randomization = randomization;
  }

  public LayerAnalyzer(SpectrumSolver solver, PowerLawFitter fitter) {
    this(solver, fitter, Randomization.off());
  }

  /** Analyses {@code spec} given its tensor's values (row-major, all finite). */
  public LayerResult analyze(LayerSpec spec, double[] tensorValues) {
    Prepared prepared = prepare(spec, tensorValues);
    if (prepared instanceof Prepared.Done done) {
      return done.result();
    }
    Prepared.Reduced reduced = (Prepared.Reduced) prepared;
    long start = System.nanoTime();
    List<Reduction> solved = Reductions.solveAll(reduced.reductions());
    return complete(reduced, solved, seconds(start));
  }

  /**
   * The first half of {@link #analyze}: the layer's matrices, each reduced as far as the solver
   * takes it alone ({@link SpectrumSolver#reduce}: for small layers the Gram matrix's tridiagonal
   * form), so that a caller can solve two layers' tridiagonal matrices together ({@link
   * Reductions#solveAll}) before {@link #complete}; or the layer's result, when it failed first.
   */
  public Prepared prepare(LayerSpec spec, double[] tensorValues) {
    long start = System.nanoTime();
    List<DenseMatrix> matrices = MatrixViews.matrices(spec, tensorValues);
    if (isAllZero(matrices)) {
      return new Prepared.Done(LayerResult.failed(
          spec,
          new LayerFailure(Stage.MATRIX, "AllZero", spec.tensor().name() + ": every value is zero, the ESD is empty"),
          seconds(start)));
    }
    try {
      return new Prepared.Reduced(spec, matrices, LayerSpectra.reduce(matrices, solver), seconds(start));
    } catch (SpectrumException e) {
      return new Prepared.Done(spectrumFailure(spec, e, matrices, seconds(start)));
    }
  }

  /**
   * The second half of {@link #analyze}, given the layer's reductions solved ({@code solved}, in
   * the order of {@link Prepared.Reduced#reductions}) and this layer's share of their time.
   */
  public LayerResult complete(Prepared.Reduced layer, List<Reduction> solved, double secondsSolving) {
    long start = System.nanoTime();
    LayerSpec spec = layer.spec();
    List<DenseMatrix> matrices = layer.matrices();
    double secondsSoFar = layer.secondsReducing() + secondsSolving;
    LayerSpectrum spectrum;
    try {
      spectrum = LayerSpectra.pool(solved, spec.n(), solver, solver.name(matrices.get(0)));
    } catch (SpectrumException e) {
      return spectrumFailure(spec, e, matrices, secondsSoFar + seconds(start));
    }
    double[] lambda = spectrum.eigenvalues();
    if (lambda.length == 0 || !(lambda[lambda.length - 1] > 0)) {
      // values so small (subnormal) that their squares underflow: the ESD is empty as for zeros
      return LayerResult.failed(
          spec,
          new LayerFailure(Stage.SPECTRUM, "AllZero", spec.tensor().name()
              + ": every eigenvalue is zero (the largest |value| is " + maxAbs(matrices)
              + ", too small to square in double precision); the ESD is empty"),
          secondsSoFar + seconds(start));
    }
    LayerResult result = analyzeSpectrum(spec, spectrum, secondsSoFar + seconds(start));
    if (randomization.seed().isEmpty()) {
      return result;
    }
    long randomStart = System.nanoTime();
    try {
      RandomizedEsd metrics = randomized(spec, matrices, spectrum);
      return result.withRandomized(Optional.of(metrics), List.of(), seconds(randomStart));
    } catch (SpectrumException | FitException e) {
      LayerFailure failure = new LayerFailure(Stage.RANDOMIZE, e.getClass().getSimpleName(), spec.tensor().name() + ": randomized ESD: " + e.getMessage());
      return result.withRandomized(Optional.empty(), List.of(failure), seconds(randomStart));
    }
  }

  /** What {@link #prepare} leaves: a result, or a layer whose eigenvalues are still to be found. */
  public sealed interface Prepared {

    /** The layer failed before its eigenvalues were needed. */
    record Done(LayerResult result) implements Prepared {}

    /**
     * The layer's matrices (kept for the randomized ESD and for the messages of failures), their
     * reductions, and the seconds it took to make them.
     */
    record Reduced(LayerSpec spec, List<DenseMatrix> matrices, List<Reduction> reductions, double secondsReducing)
        implements Prepared {

      /** Whether a reduction is tridiagonal, so that solving it beside another layer's pays. */
      public boolean hasTridiagonal() {
        return reductions.stream().anyMatch(r -> r instanceof Reduction.Tridiagonal);
      }

      /** The values its matrices hold: what keeping it until the next layer is reduced costs. */
      public long elements() {
        long total = 0;
        for (DenseMatrix m : matrices) {
          total += m.data().length;
        }
        return total;
      }
    }
  }

  private static LayerResult spectrumFailure(LayerSpec spec, SpectrumException e, List<DenseMatrix> matrices, double seconds) {
    return LayerResult.failed(
        spec, new LayerFailure(Stage.SPECTRUM, "SpectrumException", spec.tensor().name() + ": " + spectrumMessage(e, matrices)),
        seconds);
  }

  /** Fits, metrics and phase for a spectrum computed elsewhere (for example by the distributed route). */
  public LayerResult analyzeSpectrum(LayerSpec spec, LayerSpectrum spectrum, double secondsEigen) {
    long start = System.nanoTime();
    double[] eigenvalues = spectrum.eigenvalues();
    List<LayerFailure> failures = new ArrayList<>();
    Optional<PowerLawFit> fit = Optional.empty();
    try {
      fit = Optional.of(fitter.fit(eigenvalues));
    } catch (FitException e) {
      failures.add(new LayerFailure(Stage.FIT, "FitException", spec.tensor().name() + ": " + e.getMessage()));
    }
    Optional<MpFit> mp = Optional.empty();
    try {
      mp = Optional.of(MarchenkoPasturFit.fit(eigenvalues, spec.n(), spec.m()));
    } catch (FitException e) {
      failures.add(new LayerFailure(Stage.MP_FIT, "FitException", spec.tensor().name() + ": " + e.getMessage()));
    }
    NormMetrics norms = NormMetricsCalculator.norms(spectrum);
    Optional<AlphaNorms> alphaNorms = fit.map(f -> NormMetricsCalculator.alphaNorms(spectrum, f.alpha()));
    PhaseFeatures features = PhaseFeaturesCalculator.compute(eigenvalues, spec.n(), spec.m(), spectrum.rankLoss(), mp, fit);
    PhaseLabel phase = PhaseClassifier.classify(features);
    return new LayerResult(spec, Optional.of(spectrum), Optional.of(norms), fit, alphaNorms, mp, Optional.of(features),
        Optional.of(phase), Optional.empty(), failures, secondsEigen, seconds(start), 0);
  }

  /**
   * WeightWatcher's randomized ESD: each matrix's entries shuffled and re-solved, in
   * {@link RandomizedEsdMetrics#replicaCount} replicas, plus one more shuffle for the distance.
   */
  private RandomizedEsd randomized(LayerSpec spec, List<DenseMatrix> matrices, LayerSpectrum spectrum)
      throws SpectrumException, FitException {
    long seed = randomization.layerSeed(spec.tensor().name(), spec.slice().orElse(-1));
    SplittableRandom random = new SplittableRandom(seed);
    List<double[]> replicas = new ArrayList<>();
    for (int r = 0; r < RandomizedEsdMetrics.replicaCount(spectrum.size()); r++) {
      replicas.add(shuffledEigenvalues(spec, matrices, random));
    }
    double[] distance = shuffledEigenvalues(spec, matrices, random);
    return RandomizedEsdMetrics.compute(spectrum.eigenvalues(), replicas, distance, spec.n(), spec.m(), seed);
  }

  private double[] shuffledEigenvalues(LayerSpec spec, List<DenseMatrix> matrices, SplittableRandom random) throws SpectrumException {
    List<DenseMatrix> shuffled = new ArrayList<>(matrices.size());
    for (DenseMatrix m : matrices) {
      double[] data = m.data().clone();
      Shuffles.shuffle(data, random);
      shuffled.add(new DenseMatrix(m.rows(), m.cols(), data));
    }
    return LayerSpectra.compute(shuffled, spec.n(), solver).eigenvalues();
  }

  public String solverName() {
    return solver.name();
  }

  /** LAPACK's "did not converge" for values whose squares overflow says what the real cause is. */
  private static String spectrumMessage(SpectrumException e, List<DenseMatrix> matrices) {
    double max = maxAbs(matrices);
    if (max * max * matrices.get(0).maxDim() >= Double.MAX_VALUE / 16) {
      return e.getMessage() + " (the largest |value| is " + max + ": WᵀW overflows double precision)";
    }
    return e.getMessage();
  }

  private static double maxAbs(List<DenseMatrix> matrices) {
    double max = 0;
    for (DenseMatrix m : matrices) {
      for (double v : m.data()) {
        max = Math.max(max, Math.abs(v));
      }
    }
    return max;
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
