package org.htsr.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.htsr.analysis.CheckpointAnalyzer;
import org.htsr.analysis.LayerAnalyzer;
import org.htsr.analysis.LayerPlanner;
import org.htsr.analysis.LayerSelection;
import org.htsr.analysis.Pooling;
import org.htsr.io.formats.CheckpointFormats;
import org.htsr.io.CheckpointReader;
import org.htsr.io.LocalInputFiles;
import org.htsr.linalg.SolverChoice;
import org.htsr.linalg.SpectrumSolvers;
import org.htsr.model.LayerResult;
import org.htsr.model.LayerSpec;
import org.htsr.model.TensorInfo;
import org.htsr.stats.PowerLawFitters;

/**
 * Benchmark C, peak memory of one task: the analysis of one tensor exactly as an executor runs it
 * ({@link CheckpointAnalyzer#analyzeTensor}: read and decode, matrices, spectrum, fits), measured
 * two ways.
 *
 * <ul>
 *   <li><b>In this JVM:</b> after {@code System.gc()} the heap's used bytes (baseline), then the
 *       heap pools' peak usage over the analysis ({@link MemoryPoolMXBean#getPeakUsage}, reset
 *       before; the sum of per-pool peaks, an upper bound that includes garbage not yet collected),
 *       minus the baseline.
 *   <li><b>-Xmx bisection:</b> child JVMs with ever smaller heaps run the same analysis; the
 *       smallest heap with which it succeeds (to {@code --step} MiB) is what a task needs, JVM
 *       baseline included. The per-task limit ({@code --max-tensor-elements}) is lifted in the
 *       children, so they fail only by running out of memory.
 * </ul>
 *
 * <pre>
 * MemoryBench --file F --tensor NAME [--solver gram|svd] [--pool true] [--bisect LO,HI] [--step 16]
 * MemoryBench --gaussian 8192x4096 --dir DIR ...   writes DIR/gauss_8192x4096.safetensors (F32) first
 * </pre>
 */
public final class MemoryBench {

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = Bench.options(args);
    if (opt.containsKey("child")) {
      System.exit(child(opt));
    }
    Bench.printHeader("MemoryBench", args);
    Path file;
    String tensor;
    if (opt.containsKey("gaussian")) {
      file = GaussianFiles.write(Path.of(opt.getOrDefault("dir", "target/bench/gauss")), List.of(opt.get("gaussian")), 0).get(0);
      int[] s = EigenBench.parseSize(opt.get("gaussian"));
      tensor = "gauss_" + s[0] + "x" + s[1] + ".weight";
    } else {
      file = Path.of(opt.get("file"));
      tensor = opt.get("tensor");
    }
    String solver = opt.getOrDefault("solver", "gram");
    boolean pool = Boolean.parseBoolean(opt.getOrDefault("pool", "true"));
    TensorInfo info = tensorInfo(file, tensor);
    long elements = info.elementCount();
    double doubles = elements * 8.0;
    System.out.printf(Locale.ROOT, "tensor %s %s %s in %s: %d elements, %.1f MiB as doubles (the \"layer size\" below)%n",
        tensor, info.dtype(), info.shape(), file, elements, doubles / (1 << 20));

    // in this JVM: warm up once (class loading, JIT), then measure
    analyze(file, tensor, solver, pool, Long.MAX_VALUE);
    for (int rep = 1; rep <= Integer.parseInt(opt.getOrDefault("reps", "2")); rep++) {
      for (int i = 0; i < 3; i++) {
        System.gc();
      }
      long baseline = heapUsed();
      List<MemoryPoolMXBean> pools = heapPools();
      pools.forEach(MemoryPoolMXBean::resetPeakUsage);
      long t0 = System.nanoTime();
      List<LayerResult> results = analyze(file, tensor, solver, pool, Long.MAX_VALUE);
      double seconds = (System.nanoTime() - t0) / 1e9;
      long peakSum = 0;
      StringBuilder perPool = new StringBuilder();
      for (MemoryPoolMXBean p : pools) {
        long peak = p.getPeakUsage().getUsed();
        peakSum += peak;
        perPool.append(String.format(Locale.ROOT, " %s %.1f MiB;", p.getName(), peak / 1048576.0));
      }
      long extra = peakSum - baseline;
      System.out.printf(Locale.ROOT, "rep %d: %s, %.2f s; baseline %.1f MiB; peak Σ pools %.1f MiB (%s ); peak − baseline %.1f MiB = %.2f × the layer's doubles; load %s%n",
          rep, results.get(0).succeeded() ? "ok" : "failed: " + results.get(0).failures(), seconds,
          baseline / 1048576.0, peakSum / 1048576.0, perPool.toString().trim(), extra / 1048576.0, extra / doubles, Bench.loadavg());
    }

    if (opt.containsKey("bisect")) {
      String[] range = opt.get("bisect").split(",");
      int lo = Integer.parseInt(range[0]);
      int hi = Integer.parseInt(range[1]);
      int step = Integer.parseInt(opt.getOrDefault("step", "16"));
      if (!runChild(file, tensor, solver, pool, hi)) {
        System.out.println("bisect: fails even with -Xmx" + hi + "m");
        return;
      }
      if (runChild(file, tensor, solver, pool, lo)) {
        System.out.println("bisect: succeeds already with -Xmx" + lo + "m");
        hi = lo;
      }
      while (hi - lo > step) {
        int mid = (lo + hi) / 2;
        if (runChild(file, tensor, solver, pool, mid)) {
          hi = mid;
        } else {
          lo = mid;
        }
      }
      System.out.printf(Locale.ROOT, "bisect: smallest -Xmx that succeeds: %d MiB (fails at %d MiB) = %.2f × the layer's doubles (%.1f MiB)%n",
          hi, lo, hi * 1048576.0 / doubles, doubles / 1048576.0);
    }
    Bench.printFooter();
  }

  static TensorInfo tensorInfo(Path file, String tensor) throws Exception {
    try (CheckpointReader reader = CheckpointFormats.open(file.toString(), new LocalInputFiles())) {
      return reader.tensors().stream().filter(t -> t.name().equals(tensor)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no tensor " + tensor + " in " + file));
    }
  }

  /** The production path of one task for one tensor. */
  static List<LayerResult> analyze(Path file, String tensor, String solver, boolean pool, long maxElements) throws Exception {
    LayerPlanner planner = new LayerPlanner(new LayerSelection(pool ? Pooling.POOLED : Pooling.PER_SLICE, 10,
        java.util.OptionalLong.empty(), java.util.OptionalLong.empty()));
    LayerAnalyzer layer = new LayerAnalyzer(SpectrumSolvers.local(SolverChoice.valueOf(solver.toUpperCase(Locale.ROOT))),
        PowerLawFitters.forMode("ww"));
    CheckpointAnalyzer analyzer = new CheckpointAnalyzer(planner, layer, maxElements);
    try (CheckpointReader reader = CheckpointFormats.open(file.toString(), new LocalInputFiles())) {
      List<LayerSpec> specs = CheckpointAnalyzer.byTensor(planner.plan(reader.tensors()).specs()).get(tensor);
      return analyzer.analyzeTensor(reader, specs);
    }
  }

  private static int child(Map<String, String> opt) {
    try {
      List<LayerResult> r = analyze(Path.of(opt.get("file")), opt.get("tensor"), opt.getOrDefault("solver", "gram"),
          Boolean.parseBoolean(opt.getOrDefault("pool", "true")), Long.MAX_VALUE);
      return r.stream().allMatch(LayerResult::succeeded) ? 0 : 3;
    } catch (Throwable e) {
      return 3;
    }
  }

  private static boolean runChild(Path file, String tensor, String solver, boolean pool, int heapMiB) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + heapMiB + "m");
    cmd.add("-XX:+IgnoreUnrecognizedVMOptions");
    cmd.add("--add-modules=jdk.incubator.vector");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(MemoryBench.class.getName());
    cmd.addAll(List.of("--child", "--file", file.toString(), "--tensor", tensor, "--solver", solver, "--pool", Boolean.toString(pool)));
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    int rc = p.waitFor();
    System.out.printf(Locale.ROOT, "bisect: -Xmx%dm: %s (%.1f s, load %s)%n", heapMiB, rc == 0 ? "ok" : "fails (rc " + rc + ")",
        (System.nanoTime() - t0) / 1e9, Bench.loadavg());
    return rc == 0;
  }

  private static List<MemoryPoolMXBean> heapPools() {
    return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
  }

  private static long heapUsed() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
