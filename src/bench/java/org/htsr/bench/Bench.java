package org.htsr.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.htsr.linalg.NativeLibraries;

/** What every benchmark shares: clocks, medians, machine facts, argument parsing. */
final class Bench {

  private Bench() {}

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  /** One timed execution: wall seconds, CPU seconds of this thread, CPU seconds of the process. */
  record Sample(double wall, double threadCpu, double processCpu) {}

  /** Something timed. */
  interface Body {
    void run() throws Exception;
  }

  /** Runs {@code body} once and returns its clocks. */
  static Sample time(Body body) throws Exception {
    long p0 = OS.getProcessCpuTime();
    long t0 = THREADS.getCurrentThreadCpuTime();
    long w0 = System.nanoTime();
    body.run();
    long w1 = System.nanoTime();
    long t1 = THREADS.getCurrentThreadCpuTime();
    long p1 = OS.getProcessCpuTime();
    return new Sample((w1 - w0) / 1e9, (t1 - t0) / 1e9, (p1 - p0) / 1e9);
  }

  /** Median of each clock over the samples. */
  static Sample median(List<Sample> samples) {
    return new Sample(
        median(samples.stream().mapToDouble(Sample::wall).toArray()),
        median(samples.stream().mapToDouble(Sample::threadCpu).toArray()),
        median(samples.stream().mapToDouble(Sample::processCpu).toArray()));
  }

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n == 0 ? Double.NaN : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  static String loadavg() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst().orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** The header every benchmark prints: date, machine, load, BLAS, threads. */
  static void printHeader(String name, String[] args) {
    System.out.println("# " + name + " " + String.join(" ", args));
    System.out.println("date: " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + cpuModel()
        + ", java " + System.getProperty("java.version") + ", max heap "
        + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
    System.out.println("blas: " + NativeLibraries.describe()
        + ", OPENBLAS_NUM_THREADS=" + System.getenv("OPENBLAS_NUM_THREADS"));
    System.out.println("loadavg before: " + loadavg());
  }

  static void printFooter() {
    System.out.println("loadavg after: " + loadavg());
  }

  /** --key value options (and bare --flags, value "true"). */
  static Map<String, String> options(String[] args) {
    Map<String, String> out = new TreeMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + args[i]);
      }
      String key = args[i].substring(2);
      if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        out.put(key, args[++i]);
      } else {
        out.put(key, "true");
      }
    }
    return out;
  }

  static List<String> list(String csv) {
    List<String> out = new ArrayList<>();
    for (String s : csv.split(",")) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    return out;
  }

  /**
   * Gaussian N(0, 1/N) values of a PyTorch (out, in) weight, row-major, rounded to float32 as an F32
   * checkpoint stores them; N = max(out, in).
   */
  static double[] gaussianWeights(int out, int in, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double std = 1 / Math.sqrt(Math.max(out, in));
    double[] values = new double[Math.multiplyExact(out, in)];
    for (int i = 0; i < values.length; i += 2) {
      // Box–Muller, two values per pair of uniforms
      double u = 1 - random.nextDouble();
      double v = random.nextDouble();
      double r = Math.sqrt(-2 * Math.log(u));
      values[i] = (float) (std * r * Math.cos(2 * Math.PI * v));
      if (i + 1 < values.length) {
        values[i + 1] = (float) (std * r * Math.sin(2 * Math.PI * v));
      }
    }
    return values;
  }

  /**
   * Heavy-tailed weights: symmetric Pareto entries with tail index mu (P(|w| > t) ~ t^-mu), scaled
   * by 1/√N, float32-rounded. Their ESD has a power-law tail (Martin &amp; Mahoney's HT matrices).
   */
  static double[] paretoWeights(int out, int in, double mu, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double scale = 1 / Math.sqrt(Math.max(out, in));
    double[] values = new double[Math.multiplyExact(out, in)];
    for (int i = 0; i < values.length; i++) {
      double magnitude = Math.pow(1 - random.nextDouble(), -1 / mu);
      values[i] = (float) (scale * (random.nextBoolean() ? magnitude : -magnitude));
    }
    return values;
  }

  static String f(double v) {
    if (Double.isNaN(v)) {
      return "–";
    }
    double a = Math.abs(v);
    if (a >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    if (a >= 1) {
      return String.format(Locale.ROOT, "%.2f", v);
    }
    if (a >= 0.01) {
      return String.format(Locale.ROOT, "%.3f", v);
    }
    if (a >= 0.0001) {
      return String.format(Locale.ROOT, "%.5f", v);
    }
    return String.format(Locale.ROOT, "%.2e", v);
  }

  /** A ratio printed as ×r.rr. */
  static String x(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f×", v) : "–";
  }

  /** Prints a Markdown table. */
  static void table(List<String> header, List<List<String>> rows) {
    System.out.println();
    System.out.println("| " + String.join(" | ", header) + " |");
    System.out.println("|" + " --- |".repeat(header.size()));
    for (List<String> row : rows) {
      System.out.println("| " + String.join(" | ", row) + " |");
    }
    System.out.println();
  }
}
