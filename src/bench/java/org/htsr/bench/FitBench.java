package org.htsr.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.htsr.linalg.DenseMatrix;
import org.htsr.linalg.GramEigenSolver;
import org.htsr.model.PowerLawFit;
import org.htsr.stats.WeightWatcherFit;

/**
 * Benchmark A, the fit: htsr's {@link WeightWatcherFit} (pruned KS scans) against a naive O(n²)
 * Java port of WWFit (the in-run baseline) and against WeightWatcher's own WWFit timings.
 *
 * <p>ESDs are real spectra computed with htsr's Gram solver: for n ≤ 4096 one square M = N = n
 * layer, Gaussian N(0,1/N) ("gauss") or with symmetric Pareto entries of tail index μ = 2
 * ("pareto", heavy-tailed ESD); for n &gt; 4096 a pooled ESD of rf square slices (8 × 1024² for
 * 8192, 15 × 1000² for 15,000), as a conv layer's ESD is pooled.
 *
 * <pre>
 * FitBench [--n 512,1024,2048,4096,8192,15000] [--kinds gauss,pareto] [--reps 21] [--naive-reps 3]
 *          [--naive-max-n 15000] [--seed 7]
 * </pre>
 */
public final class FitBench {

  /**
   * WeightWatcher 0.7.5.5's WWFit, wall seconds on this machine kind: weightwatcher-spec.md §5
   * table ("How powerlaw's fit time grows", WWFit column), 8192 from §3.6's "Cost" line.
   */
  static final Map<Integer, Double> WW_FIT_WALL = Map.of(
      256, 0.003, 512, 0.010, 1024, 0.017, 2048, 0.034, 4096, 0.18, 8192, 0.24, 15000, 0.68);

  /**
   * WeightWatcher's per-layer pl_fit phase on the Gaussian timing layers, CPU seconds, 1 BLAS
   * thread (reference/ww/timing/threads1_*.json, phase_totals_last_repeat_cpu_s.pl_fit; M = n).
   */
  static final Map<Integer, Double> WW_FIT_CPU = Map.of(1024, 0.01459, 2048, 0.03476, 4096, 0.07708);

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = Bench.options(args);
    Bench.printHeader("FitBench", args);
    List<Integer> sizes = Bench.list(opt.getOrDefault("n", "512,1024,2048,4096,8192,15000")).stream()
        .map(Integer::parseInt).toList();
    List<String> kinds = Bench.list(opt.getOrDefault("kinds", "gauss,pareto"));
    int reps = Integer.parseInt(opt.getOrDefault("reps", "21"));
    int naiveReps = Integer.parseInt(opt.getOrDefault("naive-reps", "3"));
    int naiveMaxN = Integer.parseInt(opt.getOrDefault("naive-max-n", "15000"));
    long seed = Long.parseLong(opt.getOrDefault("seed", "7"));

    WeightWatcherFit fitter = new WeightWatcherFit();
    List<List<String>> rows = new ArrayList<>();
    boolean first = true;
    for (String kind : kinds) {
      for (int n : sizes) {
        double[] esd = esd(kind, n, seed);
        // first call: includes JIT compilation when it is the JVM's first fit
        PowerLawFit[] fit = new PowerLawFit[1];
        Bench.Sample cold = Bench.time(() -> fit[0] = fitter.fit(esd));
        List<Bench.Sample> warm = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          fitter.fit(esd);
        }
        for (int i = 0; i < reps; i++) {
          warm.add(Bench.time(() -> fitter.fit(esd)));
        }
        Bench.Sample htsr = Bench.median(warm);

        Bench.Sample naive = null;
        String same = "–";
        if (n <= naiveMaxN) {
          List<Bench.Sample> ns = new ArrayList<>();
          NaiveWwFit.Result[] r = new NaiveWwFit.Result[1];
          NaiveWwFit.fit(esd); // warm-up
          for (int i = 0; i < naiveReps; i++) {
            ns.add(Bench.time(() -> r[0] = NaiveWwFit.fit(esd)));
          }
          naive = Bench.median(ns);
          // same candidate; α and D agree to rounding (htsr sums the logs compensated, the port plainly)
          double dAlpha = Math.abs(r[0].alpha() - fit[0].alpha()) / fit[0].alpha();
          double dD = Math.abs(r[0].d() - fit[0].d());
          same = r[0].xmin() == fit[0].xmin() && dAlpha < 1e-12 && dD < 1e-12
              ? String.format("same xmin, Δα %.0e", dAlpha)
              : "DIFFERENT: α " + r[0].alpha() + " vs " + fit[0].alpha() + ", xmin " + r[0].xmin() + " vs " + fit[0].xmin();
        }
        Double wwWall = WW_FIT_WALL.get(n);
        Double wwCpu = WW_FIT_CPU.get(n);
        System.out.printf("%s n=%d: α=%.4f xmin=%.4g D=%.4f tail=%d | htsr cold %.5f s, warm median %.6f s wall / %.6f s cpu"
                + " | naive %s | %s | load %s%n",
            kind, n, fit[0].alpha(), fit[0].xmin(), fit[0].d(), fit[0].numPlSpikes(), cold.wall(), htsr.wall(),
            htsr.threadCpu(), naive == null ? "–" : String.format("%.4f s", naive.threadCpu()), same, Bench.loadavg());
        rows.add(List.of(
            kind, Integer.toString(n), String.format("%.2f", fit[0].alpha()),
            Bench.f(cold.wall()) + (first ? " (JIT)" : ""),
            Bench.f(htsr.wall()) + " / " + Bench.f(htsr.threadCpu()),
            naive == null ? "–" : Bench.f(naive.wall()) + " / " + Bench.f(naive.threadCpu()),
            naive == null ? "–" : Bench.x(naive.threadCpu() / htsr.threadCpu()),
            wwWall == null ? "–" : Bench.f(wwWall) + (wwCpu == null ? "" : " / " + Bench.f(wwCpu)),
            wwWall == null ? "–" : Bench.x(wwWall / htsr.wall()) + (wwCpu == null ? "" : " / " + Bench.x(wwCpu / htsr.threadCpu())),
            wwWall == null ? "–" : Bench.x(wwWall / cold.wall()),
            same));
        first = false;
      }
    }
    Bench.table(List.of("ESD", "n", "α", "htsr first call s", "htsr warm s (wall / CPU)", "naive O(n²) port s (wall / CPU)",
        "naive / htsr (CPU)", "WWFit s (wall §5 / CPU timing json)", "WWFit / htsr warm (target ≥ 10)",
        "WWFit / htsr first call", "naive = htsr"), rows);
    Bench.printFooter();
  }

  /** A realistic ESD of n eigenvalues, ascending (see the class comment). */
  static double[] esd(String kind, int n, long seed) throws Exception {
    int slices = n <= 4096 ? 1 : n == 15000 ? 15 : (int) Math.ceil(n / 1024.0);
    int m = n / slices;
    if (m * slices != n) {
      throw new IllegalArgumentException("n=" + n + " is not " + slices + " slices");
    }
    GramEigenSolver solver = new GramEigenSolver();
    double[] out = new double[n];
    for (int s = 0; s < slices; s++) {
      long sd = seed * 1_000_003L + n * 31L + s;
      double[] values = switch (kind) {
        case "gauss" -> Bench.gaussianWeights(m, m, sd);
        case "pareto" -> Bench.paretoWeights(m, m, 2.0, sd);
        default -> throw new IllegalArgumentException("kind " + kind);
      };
      double[] lambda = solver.eigenvalues(new DenseMatrix(m, m, values));
      System.arraycopy(lambda, 0, out, s * m, m);
    }
    Arrays.sort(out);
    return out;
  }

  /**
   * WWFit as WeightWatcher 0.7.5.5 computes it (weightwatcher-spec §3.6), ported literally: for
   * every candidate xmin the MLE from the suffix's log sum and a full KS scan; O(n²). The
   * benchmark's baseline for the pruning's own gain.
   */
  static final class NaiveWwFit {
    record Result(double alpha, double xmin, double d) {}

    static Result fit(double[] eigenvalues) {
      double[] x = Arrays.stream(eigenvalues).filter(v -> v > WeightWatcherFit.EVALS_THRESHOLD).toArray();
      int n = x.length;
      double[] logs = new double[n];
      for (int i = 0; i < n; i++) {
        logs[i] = Math.log(x[i]);
      }
      double bestD = Double.POSITIVE_INFINITY;
      int best = -1;
      double bestAlpha = Double.NaN;
      for (int i = 0; i < n - 1; i++) {
        int tail = n - i;
        double sum = 0;
        for (int k = i; k < n; k++) {
          sum += logs[k];
        }
        double alpha = 1 + tail / (sum - tail * logs[i]);
        double d = 1;
        if (alpha > 1) {
          d = 0;
          for (int k = i; k < n; k++) {
            double ratio = x[k] / x[i];
            double theoretical = ratio == 1 ? 0 : 1 - Math.pow(ratio, 1 - alpha);
            d = Math.max(d, Math.abs(theoretical - (double) (k - i) / tail));
          }
        }
        if (d < bestD) {
          bestD = d;
          best = i;
          bestAlpha = alpha;
        }
      }
      return new Result(bestAlpha, x[best], bestD);
    }
  }
}
