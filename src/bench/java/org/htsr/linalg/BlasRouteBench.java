package org.htsr.linalg;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * One layer's spectrum (Gram + eigenvalues, {@link GramEigenSolver}), old route against new, in
 * the same run (docs/benchmarks.md E, I):
 *
 * <ul>
 *   <li>old: netlib → the system's libblas.so.3 (Debian OpenBLAS 0.3.21) and netlib's dsyevd,
 *       i.e. {@code -Dhtsr.blas=system}, on one OpenBLAS thread as the release ran every task;
 *   <li>new: the bundled OpenBLAS 0.3.31, the Gram and LAPACKE's dsyevd or dsyevd_2stage off the
 *       heap, as {@link EigenDriver#forOrder} chooses ({@code -Dhtsr.blas=bundled}), with the
 *       machine's idle cores lent to the thread-independent calls ({@link BlasThreads}) as
 *       {@code jobs/analyze} does in local mode ({@code --cores}, default every core);
 *   <li>with {@code --old-threads N}, also the old route on N OpenBLAS threads, for comparison.
 * </ul>
 *
 * <p>Each (shape, route) runs in a child JVM of its own (one BLAS per JVM), in the order old, new,
 * new, old per shape ({@code --order ab}: old, new), on the same seeded Gaussian matrix. Times are
 * wall seconds (run it on a quiet machine)
 * with the process's CPU seconds beside them. The new route's child also times both eigenvalue
 * drivers on the Gram matrix alone, which is where {@link EigenDriver#TWO_STAGE_FROM} comes from.
 *
 * <pre>
 * jobs/bench blas-routes [--square 512,1024,2048,3072,4096] [--tall 512,1024,2048,4096] [--once 8192] [--reps 3]
 *     [--cores N] [--old-threads N] [--order abba|ab]
 * </pre>
 *
 * Tall layers are 2.6875·M × M (the 11,008 × 4,096 of an LLM's MLP, scaled); from M = 8,192 once.
 */
public final class BlasRouteBench {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final com.sun.management.OperatingSystemMXBean PROCESS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private BlasRouteBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--child")) {
      child(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), Boolean.parseBoolean(args[4]),
          Integer.parseInt(args[5]));
      return;
    }
    List<Integer> square = ints(option(args, "--square", "512,1024,2048,3072,4096"));
    List<Integer> tall = ints(option(args, "--tall", "512,1024,2048,4096"));
    List<Integer> once = ints(option(args, "--once", "8192"));
    int reps = Integer.parseInt(option(args, "--reps", "3"));
    int cores = Integer.parseInt(option(args, "--cores", Integer.toString(Runtime.getRuntime().availableProcessors())));
    int oldThreads = Integer.parseInt(option(args, "--old-threads", "0"));
    boolean abba = !option(args, "--order", "abba").equals("ab");
    System.out.println("# blas-routes " + String.join(" ", args));
    System.out.println("date: " + java.time.ZonedDateTime.now() + "; " + Runtime.getRuntime().availableProcessors()
        + " cores; OPENBLAS_NUM_THREADS=" + System.getenv("OPENBLAS_NUM_THREADS"));
    System.out.println("loadavg before: " + loadavg());
    System.out.println("wall seconds, median of the reps (process CPU seconds in brackets)" + (abba ? ", mean of two runs ordered old new new old" : "")
        + "; old on 1 OpenBLAS thread, new with "
        + cores + " cores for thread-independent calls" + (oldThreads > 0 ? "; old" + oldThreads + "t: old on " + oldThreads + " threads" : ""));
    System.out.printf(Locale.ROOT, "%-12s %5s %16s %16s %8s  %-20s %s%s%n", "shape", "reps", "old s", "new s", "old/new", "new solver",
        "new: dsyevd s / dsyevd_2stage s (eigenvalues only, 1 thread)", oldThreads > 0 ? "  | old" + oldThreads + "t s, old" + oldThreads + "t/new" : "");
    List<int[]> shapes = new ArrayList<>();
    square.forEach(m -> shapes.add(new int[] {m, m, reps}));
    tall.forEach(m -> shapes.add(new int[] {(int) Math.round(2.6875 * m), m, m >= 8192 ? 1 : m >= 4096 ? Math.min(reps, 2) : reps}));
    once.forEach(m -> shapes.add(new int[] {m, m, 1}));
    for (int[] s : shapes) {
      int r = s[2] == 1 || s[1] < 3072 ? s[2] : Math.min(s[2], 2);
      // old, new, new, old (ABBA): a drift in the machine's speed during the shape weighs on both
      // routes alike; each route's figure is the mean of its two medians
      String old = run("system", s[0], s[1], r, false, 1, 1);
      String fresh = run("bundled", s[0], s[1], r, s[0] == s[1] && s[1] <= 4096, 1, cores);
      String fresh2 = abba ? run("bundled", s[0], s[1], r, false, 1, cores) : fresh;
      String old2 = abba ? run("system", s[0], s[1], r, false, 1, 1) : old;
      String[] o = meanOfTwo(old, old2);
      String[] n = meanOfTwo(fresh, fresh2);
      double ratio = Double.parseDouble(o[0]) / Double.parseDouble(n[0]);
      String more = "";
      if (oldThreads > 0) {
        String[] t = run("system", s[0], s[1], r, false, oldThreads, 1).split("\\|")[0].trim().split(" ");
        more = String.format(Locale.ROOT, "  | %s [%s], %.2f", t[0], t[1], Double.parseDouble(t[0]) / Double.parseDouble(n[0]));
      }
      System.out.printf(Locale.ROOT, "%-12s %5d %16s %16s %8.2f  %-20s %s%s%n", s[0] + "x" + s[1], r,
          o[0] + " [" + o[1] + "]", n[0] + " [" + n[1] + "]", ratio, n[2], n[3].equals("-") ? "" : n[3] + " / " + n[4], more);
      if (s == shapes.get(0)) {
        System.out.println("  old route: " + old.split("\\|")[1].trim());
        System.out.println("  new route: " + fresh.split("\\|")[1].trim());
      }
    }
    System.out.println("loadavg after: " + loadavg());
  }

  /** The fields of the first RESULT line, with wall and CPU the means of both lines'. */
  private static String[] meanOfTwo(String a, String b) {
    String[] x = a.split("\\|")[0].trim().split(" ");
    String[] y = b.split("\\|")[0].trim().split(" ");
    x[0] = fmt((Double.parseDouble(x[0]) + Double.parseDouble(y[0])) / 2);
    x[1] = fmt((Double.parseDouble(x[1]) + Double.parseDouble(y[1])) / 2);
    return x;
  }

  /** Runs one child JVM; returns its RESULT line's fields. */
  private static String run(String blas, int rows, int cols, int reps, boolean drivers, int openblasThreads, int cores)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + Math.max(2, (int) Math.ceil(5.0 * rows * cols * 8 / (1L << 30)) + 1) + "g", "-Dhtsr.blas=" + blas,
        "-cp", System.getProperty("java.class.path"), BlasRouteBench.class.getName(),
        "--child", Integer.toString(rows), Integer.toString(cols), Integer.toString(reps), Boolean.toString(drivers),
        Integer.toString(cores)));
    Path log = Files.createTempFile("blas-routes", ".log");
    ProcessBuilder builder = new ProcessBuilder(cmd).redirectError(log.toFile());
    builder.environment().put("OPENBLAS_NUM_THREADS", Integer.toString(openblasThreads));
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int status = p.waitFor();
    String err = Files.readString(log);
    Files.delete(log);
    if (status != 0) {
      throw new IllegalStateException("child " + cmd + " failed:\n" + out + err);
    }
    return out.lines().filter(l -> l.startsWith("RESULT ")).findFirst()
        .orElseThrow(() -> new IllegalStateException("no result from " + cmd + ":\n" + out)).substring(7);
  }

  /** RESULT wall-median cpu-median solver dsyevd|- 2stage|- | blas-description. */
  private static void child(int rows, int cols, int reps, boolean drivers, int cores) throws Exception {
    LoadedBlas blas = NativeLibraries.current();
    BlasThreads.useCores(cores);
    double[] data = new double[Math.multiplyExact(rows, cols)];
    SplittableRandom random = new SplittableRandom(20261206L + rows * 31L + cols);
    double scale = 1 / Math.sqrt(Math.max(rows, cols));
    for (int i = 0; i < data.length; i++) {
      data[i] = random.nextGaussian() * scale;
    }
    DenseMatrix w = new DenseMatrix(rows, cols, data);
    GramEigenSolver solver = new GramEigenSolver();
    solver.eigenvalues(new DenseMatrix(64, 32, Arrays.copyOf(data, 64 * 32))); // warm-up: loads the native code
    double[] wall = new double[reps];
    double[] cpu = new double[reps];
    for (int r = 0; r < reps; r++) {
      long c0 = PROCESS.getProcessCpuTime();
      long t0 = System.nanoTime();
      double[] lambda = solver.eigenvalues(w);
      wall[r] = (System.nanoTime() - t0) / 1e9;
      cpu[r] = (PROCESS.getProcessCpuTime() - c0) / 1e9;
      if (!(lambda[lambda.length - 1] > 0)) {
        throw new IllegalStateException("no spectrum");
      }
    }
    BlasThreads.useCores(1);
    StringBuilder line = new StringBuilder("RESULT ").append(fmt(median(wall))).append(' ').append(fmt(median(cpu)))
        .append(' ').append(solver.name(w));
    if (drivers && blas.lapacke()) {
      double[] gram = solver.gram(w);
      int m = w.minDim();
      line.append(' ').append(fmt(driverSeconds(EigenDriver.DSYEVD, gram, m, reps)))
          .append(' ').append(fmt(driverSeconds(EigenDriver.DSYEVD_2STAGE, gram, m, reps)));
    } else {
      line.append(" - -");
    }
    line.append(" | ").append(blas.describe());
    System.out.println(line);
  }

  private static double driverSeconds(EigenDriver driver, double[] gram, int m, int reps) throws SpectrumException {
    double[] cpu = new double[reps];
    for (int r = 0; r < reps; r++) {
      double[] a = gram.clone();
      long t0 = THREADS.getCurrentThreadCpuTime();
      SymmetricEigen.eigenvaluesOffHeap(driver, a, m);
      cpu[r] = (THREADS.getCurrentThreadCpuTime() - t0) / 1e9;
    }
    return median(cpu);
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static String fmt(double seconds) {
    return String.format(Locale.ROOT, "%.3f", seconds);
  }

  private static String option(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }

  private static List<Integer> ints(String csv) {
    return csv.isBlank() ? List.of() : Arrays.stream(csv.split(",")).map(String::trim).map(Integer::parseInt).toList();
  }

  private static String loadavg() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
