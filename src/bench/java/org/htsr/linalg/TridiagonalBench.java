package org.htsr.linalg;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.lapack.LAPACK;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.netlib.util.intW;

/**
 * Benchmark P (docs/benchmarks.md): the eigenvalue step of a small layer's Gram matrix, by
 * dsyevd('N') against its two calls — dsytrd with ILAENV's 32-wide panels and with htsr's
 * {@link TridiagonalEigen#PANEL}, then dsterf by LAPACK, by {@link PalWalkerKahan} alone and two
 * at a time, as a task solves a checkpoint's layers. Same matrices for every variant, all through
 * netlib on the library htsr loads, one thread; medians of per-matrix times.
 *
 * <pre>
 * TridiagonalBench [--sizes 128,256,512,1024] [--count 14] [--reps 40] [--seed 42]
 * </pre>
 * Each size: {@code count} Gram matrices WᵀW of Gaussian W (4n × n, as the zoo's MLP layers), then
 * {@code reps} rounds over them. Run with the launchers' C1-only JIT to match a job
 * (HTSR_BENCH_JAVA_OPTS="-Xmx6g -XX:TieredStopAtLevel=1").
 */
public final class TridiagonalBench {

  public static void main(String[] args) {
    int[] sizes = {128, 256, 512, 1024};
    int count = 14;
    int reps = 40;
    long seed = 42;
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--sizes" -> sizes = Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt).toArray();
        case "--count" -> count = Integer.parseInt(args[i + 1]);
        case "--reps" -> reps = Integer.parseInt(args[i + 1]);
        case "--seed" -> seed = Long.parseLong(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    System.out.println("# TridiagonalBench: " + NativeLibraries.current().describe() + "; "
        + Runtime.getRuntime().availableProcessors() + " cores; JVM " + System.getProperty("java.vm.version"));
    System.out.println("loadavg before: " + loadavg());
    System.out.println();
    System.out.println("| n | dsyevd | dsytrd (32) | dsytrd (16) | dsterf, LAPACK | dsterf, Java alone | dsterf, Java in pairs "
        + "| dsyevd / (dsytrd 16 + pairs) |");
    System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- |");
    for (int n : sizes) {
      row(n, count, reps, new SplittableRandom(seed + n));
    }
    System.out.println();
    System.out.println("ms per matrix, medians over " + reps + " rounds of " + count + " matrices");
    System.out.println("loadavg after: " + loadavg());
  }

  private static void row(int n, int count, int reps, SplittableRandom random) {
    LAPACK lapack = LAPACK.getInstance();
    List<double[]> grams = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      grams.add(gram(n, 4 * n, random));
    }
    List<Reduction.Tridiagonal> tridiagonals = new ArrayList<>();
    for (double[] g : grams) {
      tridiagonals.add(tridiagonal(lapack, g.clone(), n, TridiagonalEigen.PANEL));
    }
    double[][] t = new double[6][reps];
    int mismatches = 0;
    for (int r = 0; r < reps; r++) {
      long start = System.nanoTime();
      for (double[] g : grams) {
        dsyevd(lapack, g.clone(), n);
      }
      t[0][r] = perMatrix(start, count);
      for (int variant = 0; variant < 2; variant++) {
        int panel = variant == 0 ? TridiagonalEigen.DSYEVD_PANEL : TridiagonalEigen.PANEL;
        List<double[]> copies = new ArrayList<>();
        for (double[] g : grams) {
          copies.add(g.clone());
        }
        start = System.nanoTime();
        for (double[] g : copies) {
          tridiagonal(lapack, g, n, panel);
        }
        t[1 + variant][r] = perMatrix(start, count);
      }
      List<double[]> lapackValues = new ArrayList<>();
      start = System.nanoTime();
      for (Reduction.Tridiagonal td : tridiagonals) {
        double[] d = td.diagonal().clone();
        lapack.dsterf(n, d, td.offDiagonal().clone(), new intW(0));
        lapackValues.add(d);
      }
      t[3][r] = perMatrix(start, count);
      PalWalkerKahan.Problem[] alone = problems(tridiagonals);
      start = System.nanoTime();
      for (PalWalkerKahan.Problem p : alone) {
        PalWalkerKahan.solve(new PalWalkerKahan.Problem[] {p});
      }
      t[4][r] = perMatrix(start, count);
      PalWalkerKahan.Problem[] paired = problems(tridiagonals);
      start = System.nanoTime();
      PalWalkerKahan.solve(paired);
      t[5][r] = perMatrix(start, count);
      for (int i = 0; i < count; i++) {
        if (!Arrays.equals(lapackValues.get(i), alone[i].values()) || !Arrays.equals(lapackValues.get(i), paired[i].values())) {
          mismatches++;
        }
      }
    }
    double[] m = new double[6];
    for (int v = 0; v < 6; v++) {
      Arrays.sort(t[v]);
      m[v] = t[v][reps / 2];
    }
    System.out.printf("| %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.2f× |%s%n", n, m[0], m[1], m[2], m[3], m[4], m[5],
        m[0] / (m[2] + m[5]), mismatches == 0 ? "" : " " + mismatches + " results differ from LAPACK's dsterf");
  }

  private static PalWalkerKahan.Problem[] problems(List<Reduction.Tridiagonal> tridiagonals) {
    return tridiagonals.stream().map(t -> new PalWalkerKahan.Problem(t.diagonal(), t.offDiagonal()))
        .toArray(PalWalkerKahan.Problem[]::new);
  }

  private static Reduction.Tridiagonal tridiagonal(LAPACK lapack, double[] g, int n, int panel) {
    try {
      return (Reduction.Tridiagonal) TridiagonalEigen.reduce(lapack, g, n, panel);
    } catch (SpectrumException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void dsyevd(LAPACK lapack, double[] g, int n) {
    try {
      SymmetricEigen.netlib(lapack, g, n);
    } catch (SpectrumException e) {
      throw new IllegalStateException(e);
    }
  }

  private static double[] gram(int n, int k, SplittableRandom random) {
    double[] w = new double[k * n];
    for (int i = 0; i < w.length; i++) {
      w[i] = random.nextGaussian() / Math.sqrt(k);
    }
    double[] g = new double[n * n];
    BLAS.getInstance().dsyrk(GramTriangle.NETLIB, "T", n, k, 1.0, w, k, 0.0, g, n);
    return g;
  }

  private static double perMatrix(long startNanos, int count) {
    return (System.nanoTime() - startNanos) / 1e6 / count;
  }

  private static String loadavg() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}
