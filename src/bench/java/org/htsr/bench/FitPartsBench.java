package org.htsr.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.htsr.linalg.DenseMatrix;
import org.htsr.linalg.LayerSpectra;
import org.htsr.linalg.SolverChoice;
import org.htsr.linalg.SpectrumSolver;
import org.htsr.linalg.SpectrumSolvers;
import org.htsr.model.LayerSpectrum;
import org.htsr.model.MpFit;
import org.htsr.model.PowerLawFit;
import org.htsr.stats.MarchenkoPasturFit;
import org.htsr.stats.NormMetricsCalculator;
import org.htsr.stats.PhaseClassifier;
import org.htsr.stats.PhaseFeaturesCalculator;
import org.htsr.stats.PowerLawFitter;
import org.htsr.stats.PowerLawFitters;

/**
 * Benchmark C, what a small layer costs beyond its spectrum: per part of {@code LayerAnalyzer}
 * (Gram + dsyevd, WeightWatcher's fit, the MP fit, norms, phase), milliseconds per layer over
 * {@code --reps} calls on a seeded Gaussian layer, three rounds (the first includes JIT warm-up).
 *
 * <pre>
 * FitPartsBench [--sizes 256x256,1024x256,576x64] [--reps 3000]
 * </pre>
 */
public final class FitPartsBench {

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = Bench.options(args);
    Bench.printHeader("FitPartsBench", args);
    int reps = Integer.parseInt(opt.getOrDefault("reps", "3000"));
    SpectrumSolver solver = SpectrumSolvers.local(SolverChoice.GRAM);
    PowerLawFitter fitter = PowerLawFitters.forMode("ww");
    for (String size : Bench.list(opt.getOrDefault("sizes", "256x256,1024x256,576x64"))) {
      int[] s = EigenBench.parseSize(size);
      int n = s[0];
      int m = s[1];
      double[] w = Bench.gaussianWeights(n, m, 1);
      LayerSpectrum spectrum = LayerSpectra.compute(List.of(new DenseMatrix(n, m, w)), n, solver);
      double[] ev = spectrum.eigenvalues();
      for (int round = 1; round <= 3; round++) {
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) {
          LayerSpectra.compute(List.of(new DenseMatrix(n, m, w)), n, solver);
        }
        long t1 = System.nanoTime();
        PowerLawFit fit = null;
        for (int i = 0; i < reps; i++) {
          fit = fitter.fit(ev);
        }
        long t2 = System.nanoTime();
        Optional<MpFit> mp = Optional.empty();
        for (int i = 0; i < reps; i++) {
          mp = Optional.of(MarchenkoPasturFit.fit(ev, n, m));
        }
        long t3 = System.nanoTime();
        for (int i = 0; i < reps; i++) {
          NormMetricsCalculator.norms(spectrum);
          NormMetricsCalculator.alphaNorms(spectrum, fit.alpha());
        }
        long t4 = System.nanoTime();
        for (int i = 0; i < reps; i++) {
          PhaseClassifier.classify(PhaseFeaturesCalculator.compute(ev, n, m, spectrum.rankLoss(), mp, Optional.of(fit)));
        }
        long t5 = System.nanoTime();
        System.out.printf(Locale.ROOT, "%s round %d: solve %.3f ms, ww fit %.3f ms, mp fit %.3f ms, norms %.3f ms, phase %.3f ms; load %s%n",
            size, round, ms(t1 - t0, reps), ms(t2 - t1, reps), ms(t3 - t2, reps), ms(t4 - t3, reps), ms(t5 - t4, reps), Bench.loadavg());
      }
    }
    Bench.printFooter();
  }

  private static double ms(long nanos, int reps) {
    return nanos / 1e6 / reps;
  }
}
