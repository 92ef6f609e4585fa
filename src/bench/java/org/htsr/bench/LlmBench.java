package org.htsr.bench;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.htsr.io.safetensors.SafetensorsWriter;
import org.htsr.model.DType;
import org.htsr.table.TableStore;

/**
 * Benchmark D, "layers too big for one executor": an LLM-shaped bf16 checkpoint, and the check that
 * the routes' spectra agree.
 *
 * <pre>
 * LlmBench --make DIR [--vocab 32000] [--hidden 4096] [--mlp 11008] [--blocks 2] [--seed 0]
 *     writes DIR/model.safetensors: embed_tokens.weight [vocab, hidden] and per block
 *     layers.i.mlp.{gate_proj,up_proj}.weight [mlp, hidden], layers.i.mlp.down_proj.weight [hidden, mlp];
 *     BF16, entries N(0, 1/max(out, in)) from a seeded SplittableRandom (Box–Muller)
 * LlmBench --compare OUT_REF OUT_2 [OUT_3 ...]
 *     per layer, max |λ − λ_ref| / λmax_ref over the esd tables of the runs in those outputs
 * </pre>
 */
public final class LlmBench {

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = Bench.options(args);
    Bench.printHeader("LlmBench", args);
    if (opt.containsKey("make")) {
      make(Path.of(opt.get("make")), Integer.parseInt(opt.getOrDefault("vocab", "32000")), Integer.parseInt(opt.getOrDefault("hidden", "4096")),
          Integer.parseInt(opt.getOrDefault("mlp", "11008")), Integer.parseInt(opt.getOrDefault("blocks", "2")),
          Long.parseLong(opt.getOrDefault("seed", "0")));
    }
    if (opt.containsKey("compare")) {
      List<String> outs = new ArrayList<>(List.of(opt.get("compare").split(",")));
      compare(outs);
    }
    Bench.printFooter();
  }

  static void make(Path dir, int vocab, int hidden, int mlp, int blocks, long seed) throws Exception {
    Files.createDirectories(dir);
    Path file = dir.resolve("model.safetensors");
    SafetensorsWriter writer = new SafetensorsWriter()
        .metadata("generator", "org.htsr.bench.LlmBench")
        .metadata("entries", "N(0, 1/max(out, in)), BF16, seed " + seed);
    long t0 = System.nanoTime();
    writer.add("embed_tokens.weight", DType.BF16, List.of((long) vocab, (long) hidden), gaussian(vocab, hidden, seed));
    for (int b = 0; b < blocks; b++) {
      String p = "layers." + b + ".mlp.";
      writer.add(p + "gate_proj.weight", DType.BF16, List.of((long) mlp, (long) hidden), gaussian(mlp, hidden, seed + 10L * b + 1));
      writer.add(p + "up_proj.weight", DType.BF16, List.of((long) mlp, (long) hidden), gaussian(mlp, hidden, seed + 10L * b + 2));
      writer.add(p + "down_proj.weight", DType.BF16, List.of((long) hidden, (long) mlp), gaussian(hidden, mlp, seed + 10L * b + 3));
    }
    Path tmp = dir.resolve("model.safetensors.tmp");
    try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
      writer.writeTo(os);
    }
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    System.out.printf(Locale.ROOT, "wrote %s (%.1f MB) in %.1f s%n", file, Files.size(file) / 1e6, (System.nanoTime() - t0) / 1e9);
  }

  /** N(0, 1/max(out, in)) values, row-major (out, in). */
  static double[] gaussian(int out, int in, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double std = 1 / Math.sqrt(Math.max(out, in));
    double[] v = new double[Math.multiplyExact(out, in)];
    for (int i = 0; i < v.length; i++) {
      v[i] = random.nextGaussian() * std;
    }
    return v;
  }

  static void compare(List<String> outs) {
    SparkSession spark = SparkSession.builder().master("local[2]").appName("LlmBench compare")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
    Map<String, Map<String, double[]>> esd = new LinkedHashMap<>();
    for (String out : outs) {
      TableStore store = TableStore.open(spark, out);
      store.registerViews();
      Map<String, double[]> layers = new LinkedHashMap<>();
      for (Row r : spark.sql("SELECT e.layer_name, e.eigenvalues, l.solver FROM esd e JOIN layers l USING (checkpoint, layer_name, config_hash) ORDER BY e.layer_index").collectAsList()) {
        List<Double> values = r.getList(1);
        layers.put(r.getString(0) + " [" + r.getString(2) + "]", values.stream().mapToDouble(Double::doubleValue).toArray());
      }
      esd.put(out, layers);
    }
    String ref = outs.get(0);
    List<List<String>> rows = new ArrayList<>();
    for (Map.Entry<String, double[]> e : esd.get(ref).entrySet()) {
      String name = e.getKey().substring(0, e.getKey().indexOf(" ["));
      double[] a = e.getValue();
      double lmax = a[a.length - 1];
      List<String> row = new ArrayList<>(List.of(e.getKey(), String.valueOf(a.length), String.format(Locale.ROOT, "%.6g", lmax)));
      for (String other : outs.subList(1, outs.size())) {
        double[] b = esd.get(other).entrySet().stream().filter(x -> x.getKey().startsWith(name + " [")).map(Map.Entry::getValue)
            .findFirst().orElse(null);
        if (b == null || b.length != a.length) {
          row.add(b == null ? "missing" : "length " + b.length);
          continue;
        }
        double max = 0;
        for (int i = 0; i < a.length; i++) {
          max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        row.add(String.format(Locale.ROOT, "%.2e", max / lmax));
      }
      rows.add(row);
    }
    List<String> header = new ArrayList<>(List.of("layer [solver of " + ref + "]", "M", "λmax"));
    outs.subList(1, outs.size()).forEach(o -> header.add("max|Δλ|/λmax vs " + Path.of(o).getFileName()));
    Bench.table(header, rows);
  }
}
