package org.htsr.spark.run;

import org.htsr.spark.discovery.CheckpointDiscovery;
import org.htsr.spark.discovery.CheckpointNaming;
import org.htsr.spark.discovery.CheckpointRef;
import org.htsr.spark.hadoop.SerializableHadoopConf;
import org.htsr.spark.run.TaskSettings;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.htsr.config.AnalyzeSettings;
import org.htsr.config.SettingsParser;
import org.htsr.io.safetensors.SafetensorsWriter;
import org.htsr.linalg.NativeLibraries;
import org.htsr.model.DType;

/**
 * Benchmark C, "discovery at scale": what {@code jobs/analyze} does before any tensor is read, on
 * many files. In package {@code org.htsr.spark} (bench sources only) to call the package-private
 * {@link HeaderPlanner}.
 *
 * <pre>
 * DiscoveryBench --make DIR --files 10000 [--per-dir 50]   write tiny bf16 checkpoints in nested dirs
 *                                                           (DIR/model-MM/run-RR/checkpoint-S/model.safetensors)
 * DiscoveryBench --dir DIR [--reps 3] [--plan]             time it: java.nio walk (baseline), CheckpointDiscovery
 *                                                           (Hadoop FileSystem, as the job runs it), and with --plan
 *                                                           HeaderPlanner over every checkpoint found (headers only)
 * </pre>
 *
 * Each repetition runs in this JVM (the first one includes class loading and JIT); wall and process
 * CPU seconds are printed per repetition.
 */
public final class DiscoveryBench {

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private DiscoveryBench() {}

  public static void main(String[] args) throws Exception {
    List<String> a = Arrays.asList(args);
    System.out.println("# DiscoveryBench " + String.join(" ", args));
    System.out.println("date: " + ZonedDateTime.now() + "; " + Runtime.getRuntime().availableProcessors() + " cores; java "
        + System.getProperty("java.version") + "; blas: " + NativeLibraries.describe());
    System.out.println("loadavg before: " + loadavg());
    if (a.contains("--make")) {
      Path dir = Path.of(value(a, "--make", null));
      int files = Integer.parseInt(value(a, "--files", "10000"));
      int perDir = Integer.parseInt(value(a, "--per-dir", "50"));
      long t0 = System.nanoTime();
      make(dir, files, perDir);
      System.out.printf(Locale.ROOT, "wrote %d checkpoints under %s in %.1f s%n", files, dir, (System.nanoTime() - t0) / 1e9);
    }
    if (a.contains("--dir")) {
      Path dir = Path.of(value(a, "--dir", null)).toAbsolutePath();
      int reps = Integer.parseInt(value(a, "--reps", "3"));
      boolean plan = a.contains("--plan");
      Configuration conf = new Configuration();
      AnalyzeSettings settings = SettingsParser.parse(org.htsr.config.OptionsParser.parse(List.of(dir.toString()), ""));
      TaskSettings task = TaskSettings.of(settings, "bench", Long.MAX_VALUE);
      for (int r = 1; r <= reps; r++) {
        double[] nio = timed(() -> {
          try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).count();
          }
        });
        System.out.printf(Locale.ROOT, "rep %d: java.nio Files.walk: %d files, wall %.3f s, cpu %.3f s%n", r, (long) nio[2], nio[0], nio[1]);
        CheckpointDiscovery.Result[] found = new CheckpointDiscovery.Result[1];
        double[] disc = timed(() -> {
          found[0] = new CheckpointDiscovery(conf, new CheckpointNaming(Optional.empty()), "file:/nonexistent-out").discover(List.of(dir.toString()));
          return found[0].checkpoints().size();
        });
        System.out.printf(Locale.ROOT, "rep %d: CheckpointDiscovery: %d checkpoints (%d other files), wall %.3f s, cpu %.3f s, load %s%n",
            r, found[0].checkpoints().size(), found[0].ignoredFiles(), disc[0], disc[1], loadavg());
        if (plan) {
          List<CheckpointRef> refs = found[0].checkpoints();
          double[] p = timed(() -> {
            int tasks = 0;
            for (PlanOutcome o : HeaderPlanner.plan(refs, task, org.htsr.io.metadata.MetadataCollector.standard(), new SerializableHadoopConf(conf))) {
              tasks += o.tasks().size();
            }
            return tasks;
          });
          System.out.printf(Locale.ROOT, "rep %d: HeaderPlanner (%d threads): %d headers, %d tasks, wall %.3f s, cpu %.3f s, load %s%n",
              r, HeaderPlanner.THREADS, refs.size(), (long) p[2], p[0], p[1], loadavg());
        }
      }
    }
    System.out.println("loadavg after: " + loadavg());
  }

  interface Counted {
    long run() throws Exception;
  }

  /** wall s, process CPU s, the body's count. */
  static double[] timed(Counted body) throws Exception {
    long c0 = OS.getProcessCpuTime();
    long w0 = System.nanoTime();
    long n = body.run();
    return new double[] {(System.nanoTime() - w0) / 1e9, (OS.getProcessCpuTime() - c0) / 1e9, n};
  }

  /** Tiny checkpoints (one 16×16 bf16 tensor and a bias, ≈ 700 bytes) in nested directories, like a sweep's zoo. */
  static void make(Path dir, int files, int perDir) throws Exception {
    SplittableRandom random = new SplittableRandom(7);
    double[] w = new double[256];
    double[] b = new double[16];
    for (int i = 0; i < w.length; i++) {
      w[i] = random.nextGaussian() / 4;
    }
    byte[] bytes = new SafetensorsWriter()
        .add("fc.weight", DType.BF16, List.of(16L, 16L), w)
        .add("fc.bias", DType.BF16, List.of(16L), b)
        .toByteArray();
    int runs = (files + perDir - 1) / perDir;
    int written = 0;
    for (int run = 0; run < runs && written < files; run++) {
      for (int s = 0; s < perDir && written < files; s++, written++) {
        Path f = dir.resolve(String.format(Locale.ROOT, "model-%02d/run-%03d/checkpoint-%d/model.safetensors", run % 10, run, 100 * s));
        Files.createDirectories(f.getParent());
        try (OutputStream out = Files.newOutputStream(f)) {
          out.write(bytes);
        }
      }
    }
  }

  static String value(List<String> a, String key, String def) {
    int i = a.indexOf(key);
    return i >= 0 && i + 1 < a.size() ? a.get(i + 1) : def;
  }

  static String loadavg() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}
