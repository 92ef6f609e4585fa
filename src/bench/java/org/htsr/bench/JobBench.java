package org.htsr.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Benchmark B: {@code jobs/analyze} end to end, as a process, against WeightWatcher 0.7.5.5's
 * recorded timings on the same layers (WeightWatcher cannot be installed here; its side is
 * src/test/resources/reference/ww: per-layer {@code t_*_s}/{@code cpu_*_s} of models/default.csv, and
 * {@code wall_s.analyze}, {@code cpu_s.analyze}, {@code import_weightwatcher_s} of
 * timing/threads{1,2}_*.json).
 *
 * <pre>
 * JobBench --work DIR [--reps 3] [--models src/test/resources/models] [--testdata src/test/resources] [--solver gram] [--copies K]
 * </pre>
 *
 * <p>{@code --copies K} analyses K hard-linked copies of each Gaussian layer (K checkpoints each,
 * WeightWatcher's side counted K times): a bigger workload, to see how the fixed cost amortises.
 *
 * Workload: the test models plus Gaussian 4096×4096 and 4096×11008 F32 layers (written to
 * DIR/gauss by {@link GaussianFiles}). Each repetition runs {@code jobs/analyze --out DIR/out-R}
 * under /usr/bin/time (wall, user+sys CPU, start-up included), then reads the run's own times
 * with {@code jobs/query}: runs.ended_at − runs.started_at (after Spark is up) and, per
 * checkpoint, Σ seconds_eigen + seconds_fit over its layers. A run on the smallest model alone
 * gives the fixed start-up and shut-down cost.
 */
public final class JobBench {

  /** The WeightWatcher phases that make up a layer's time (t_esd includes t_svd, t_powerlaw includes t_pl_fit). */
  static final List<String> WW_PHASES = List.of("load", "normalize", "esd", "powerlaw", "mpfit", "random", "norm_metrics");

  record Proc(double wall, double cpu, long maxRssKb, String load0, String load1) {}

  record Group(String name, int layers, double seconds) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = Bench.options(args);
    Bench.printHeader("JobBench", args);
    Path home = Path.of(System.getProperty("htsr.home", ".")).toAbsolutePath().normalize();
    Path shared = Path.of(opt.getOrDefault("testdata", home.resolve("src/test/resources").toString())).toAbsolutePath().normalize();
    Path models = Path.of(opt.getOrDefault("models", shared.resolve("models").toString()));
    Path work = opt.containsKey("work") ? Path.of(opt.get("work")) : Files.createTempDirectory("htsr-jobbench");
    int reps = Integer.parseInt(opt.getOrDefault("reps", "3"));
    String solver = opt.getOrDefault("solver", "gram");
    Files.createDirectories(work);
    System.out.println("work dir: " + work + " (not committed)");

    List<Path> gauss = GaussianFiles.write(work.resolve("gauss"), List.of("4096x4096", "4096x11008"), 0);
    int copies = Integer.parseInt(opt.getOrDefault("copies", "1"));
    List<String> inputs = new ArrayList<>(List.of(models.toString()));
    if (copies == 1) {
      gauss.forEach(p -> inputs.add(p.toString()));
    } else {
      for (int c = 0; c < copies; c++) {
        Path dir = work.resolve("gauss-x" + copies).resolve("copy" + c);
        Files.createDirectories(dir);
        for (Path g : gauss) {
          Path link = dir.resolve(g.getFileName());
          if (!Files.exists(link)) {
            Files.createLink(link, g);
          }
        }
        inputs.add(dir.toString());
      }
    }

    // fixed cost: the job on the smallest model (5 small layers)
    List<Proc> tiny = new ArrayList<>();
    List<Double> tinyRun = new ArrayList<>();
    for (int r = 0; r < reps; r++) {
      Path out = work.resolve("out-tiny-" + r);
      tiny.add(analyze(home, out, solver, List.of(models.resolve("gnubg-mlp.safetensors").toString()), work.resolve("tiny-" + r + ".log")));
      tinyRun.add(runSeconds(home, out));
      System.out.printf("tiny rep %d: wall %.2f s, cpu %.2f s, run (after start-up) %.2f s, load %s -> %s%n", r + 1,
          tiny.get(r).wall(), tiny.get(r).cpu(), tinyRun.get(r), tiny.get(r).load0(), tiny.get(r).load1());
    }
    Map<String, List<Double>> runWall = new LinkedHashMap<>();
    List<Proc> full = new ArrayList<>();
    Map<String, List<Group>> groups = new LinkedHashMap<>();
    for (int r = 0; r < reps; r++) {
      Path out = work.resolve("out-" + r);
      Proc p = analyze(home, out, solver, inputs, work.resolve("full-" + r + ".log"));
      full.add(p);
      List<String[]> rows = query(home, out,
          "SELECT l.checkpoint, count(*) AS layers, sum(l.seconds_eigen) AS se, sum(l.seconds_fit) AS sf,"
              + " max(cast(r.started_at AS double)) AS t0, max(cast(r.ended_at AS double)) AS t1"
              + " FROM layers l JOIN runs r ON l.run_id = r.run_id GROUP BY l.checkpoint ORDER BY l.checkpoint");
      double t0 = Double.NaN;
      double t1 = Double.NaN;
      Map<String, double[]> byName = new LinkedHashMap<>(); // copies of a file add up
      for (String[] row : rows) {
        String name = Path.of(row[0].replaceFirst("^file:", "")).getFileName().toString();
        double[] acc = byName.computeIfAbsent(name, k -> new double[2]);
        acc[0] += Integer.parseInt(row[1]);
        acc[1] += Double.parseDouble(row[2]) + Double.parseDouble(row[3]);
        t0 = Double.parseDouble(row[4]);
        t1 = Double.parseDouble(row[5]);
      }
      byName.forEach((name, acc) ->
          groups.computeIfAbsent(name, k -> new ArrayList<>()).add(new Group(name, (int) acc[0], acc[1])));
      runWall.computeIfAbsent("run", k -> new ArrayList<>()).add(t1 - t0);
      System.out.printf("full rep %d: wall %.2f s, cpu %.2f s, run (after start-up) %.2f s, max RSS %d MiB, load %s -> %s%n",
          r + 1, p.wall(), p.cpu(), t1 - t0, p.maxRssKb() / 1024, p.load0(), p.load1());
    }

    // ---- WeightWatcher's side
    ObjectMapper json = new ObjectMapper();
    Path ww = shared.resolve("reference/ww");
    List<Double> imports = new ArrayList<>();
    try (var files = Files.list(ww.resolve("timing"))) {
      for (Path f : files.filter(f -> f.getFileName().toString().matches("threads\\d_.*\\.json")).sorted().toList()) {
        imports.add(json.readTree(f.toFile()).path("import_weightwatcher_s").asDouble());
      }
    }
    imports.add(json.readTree(ww.resolve("models/default.json").toFile()).path("import_weightwatcher_s").asDouble());
    double wwImport = Bench.median(imports.stream().mapToDouble(Double::doubleValue).toArray());
    Map<String, double[]> wwModels = wwModelTimes(ww.resolve("models/default.csv"));

    List<List<String>> perGroup = new ArrayList<>();
    double wwWall1 = 0;
    double wwCpu1 = 0;
    double wwWall2 = 0;
    double wwCpu2 = 0;
    double htsrBusy = 0;
    for (Map.Entry<String, List<Group>> e : groups.entrySet()) {
      String name = e.getKey();
      double busy = Bench.median(e.getValue().stream().mapToDouble(Group::seconds).toArray());
      int layers = e.getValue().get(0).layers();
      htsrBusy += busy;
      double w1;
      double c1;
      double w2;
      double c2;
      int wwLayers;
      String source;
      if (name.startsWith("gauss_")) {
        String shape = name.substring("gauss_".length(), name.indexOf('.'));
        JsonNode t1 = json.readTree(ww.resolve("timing/threads1_" + (shape.equals("4096x4096") ? "4096" : shape) + ".json").toFile())
            .path("inputs").get(0);
        JsonNode t2 = json.readTree(ww.resolve("timing/threads2_" + (shape.equals("4096x4096") ? "4096" : shape) + ".json").toFile())
            .path("inputs").get(0);
        w1 = copies * t1.path("wall_s").path("analyze").asDouble();
        c1 = copies * t1.path("cpu_s").path("analyze").asDouble();
        w2 = copies * t2.path("wall_s").path("analyze").asDouble();
        c2 = copies * t2.path("cpu_s").path("analyze").asDouble();
        wwLayers = copies * t1.path("num_layers_analysed").asInt();
        source = "timing/threads{1,2}_" + shape + ".json analyze()";
      } else {
        double[] m = wwModels.getOrDefault(name, new double[] {Double.NaN, Double.NaN, 0});
        // models/default.csv ran with OpenBLAS's default (2 threads, default.json)
        w1 = Double.NaN;
        c1 = Double.NaN;
        w2 = m[0];
        c2 = m[1];
        wwLayers = (int) m[2];
        source = "models/default.csv Σ t_*/cpu_* (2 threads)";
      }
      double wWall = Double.isNaN(w1) ? w2 : w1;
      double wCpu = Double.isNaN(c1) ? c2 : c1;
      wwWall1 += wWall;
      wwCpu1 += wCpu;
      wwWall2 += w2;
      wwCpu2 += c2;
      perGroup.add(List.of(name, layers + " / " + wwLayers, Bench.f(busy),
          (Double.isNaN(w1) ? "–" : Bench.f(w1) + " / " + Bench.f(c1)), Bench.f(w2) + " / " + Bench.f(c2),
          Bench.x(wWall / busy) + " / " + Bench.x(wCpu / busy), source));
    }
    System.out.println();
    System.out.println("### Per checkpoint: htsr's Σ per-layer task wall seconds (seconds_eigen + seconds_fit; median of reps) vs WeightWatcher");
    Bench.table(List.of("checkpoint", "layers htsr / WW", "htsr Σ layer s", "WW 1 thread: wall / CPU s",
        "WW 2 threads: wall / CPU s", "WW / htsr (wall / CPU; 1 thread where recorded)", "WW source"), perGroup);

    double procWall = Bench.median(full.stream().mapToDouble(Proc::wall).toArray());
    double procCpu = Bench.median(full.stream().mapToDouble(Proc::cpu).toArray());
    double tinyWall = Bench.median(tiny.stream().mapToDouble(Proc::wall).toArray());
    double tinyCpu = Bench.median(tiny.stream().mapToDouble(Proc::cpu).toArray());
    double run = Bench.median(runWall.get("run").stream().mapToDouble(Double::doubleValue).toArray());
    System.out.printf("WeightWatcher start-up (import weightwatcher; median of %d recorded): %.2f s%n", imports.size(), wwImport);
    double tinyIn = Bench.median(tinyRun.stream().mapToDouble(Double::doubleValue).toArray());
    System.out.printf("htsr fixed cost (jobs/analyze on gnubg-mlp alone, median): wall %.2f s (JVM + Spark start-up and exit %.2f s,"
        + " in-run %.2f s), CPU %.2f s%n", tinyWall, tinyWall - tinyIn, tinyIn, tinyCpu);
    List<List<String>> totals = new ArrayList<>();
    totals.add(List.of("with start-up: process wall", Bench.f(procWall), Bench.f(wwWall1 + wwImport),
        Bench.x((wwWall1 + wwImport) / procWall), Bench.f(wwWall2 + wwImport), Bench.x((wwWall2 + wwImport) / procWall)));
    totals.add(List.of("with start-up: process CPU (user+sys; WW import counted as CPU)", Bench.f(procCpu),
        Bench.f(wwCpu1 + wwImport), Bench.x((wwCpu1 + wwImport) / procCpu), Bench.f(wwCpu2 + wwImport),
        Bench.x((wwCpu2 + wwImport) / procCpu)));
    totals.add(List.of("without start-up: run wall (runs.ended_at − started_at) vs WW analyze()", Bench.f(run),
        Bench.f(wwWall1), Bench.x(wwWall1 / run), Bench.f(wwWall2), Bench.x(wwWall2 / run)));
    totals.add(List.of("without start-up: CPU − fixed cost of the tiny run vs WW analyze() CPU", Bench.f(procCpu - tinyCpu),
        Bench.f(wwCpu1), Bench.x(wwCpu1 / (procCpu - tinyCpu)), Bench.f(wwCpu2), Bench.x(wwCpu2 / (procCpu - tinyCpu))));
    totals.add(List.of("Σ per-layer task wall (eigen + fit, 2 slots) vs WW Σ per-layer CPU", Bench.f(htsrBusy),
        Bench.f(wwCpu1), Bench.x(wwCpu1 / htsrBusy), Bench.f(wwCpu2), Bench.x(wwCpu2 / htsrBusy)));
    System.out.println();
    System.out.println("### Whole workload (models + " + (copies > 1 ? copies + " × " : "") + "(gauss 4096² + gauss 4096×11008)), medians of "
        + reps + " runs; solver " + solver);
    Bench.table(List.of("measure", "htsr s", "WW s (1 BLAS thread; models 2)", "WW / htsr (target ≥ 5)",
        "WW s (2 BLAS threads)", "WW / htsr"), totals);
    Bench.printFooter();
  }

  /** jobs/analyze as a process under /usr/bin/time: wall, user+sys, max RSS. */
  static Proc analyze(Path home, Path out, String solver, List<String> inputs, Path log) throws Exception {
    deleteTree(out); // a fresh output every time: no incremental skip, one run in the tables
    Path timeFile = Files.createTempFile("jobbench-time", ".txt");
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/time", "-f", "%e %U %S %M", "-o", timeFile.toString(),
        home.resolve("jobs/analyze").toString(), "--out", out.toString(), "--solver", solver, "--force"));
    cmd.addAll(inputs);
    String load0 = Bench.loadavg();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    int rc = p.waitFor();
    String load1 = Bench.loadavg();
    if (rc != 0) {
      throw new IllegalStateException("jobs/analyze exited " + rc + ", see " + log);
    }
    String[] f = Files.readString(timeFile).trim().split("\\s+");
    Files.deleteIfExists(timeFile);
    return new Proc(Double.parseDouble(f[0]), Double.parseDouble(f[1]) + Double.parseDouble(f[2]), Long.parseLong(f[3]),
        load0, load1);
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** runs.ended_at − runs.started_at of the run in {@code out} (the job's time after Spark is up). */
  static double runSeconds(Path home, Path out) throws Exception {
    List<String[]> rows = query(home, out,
        "SELECT cast(ended_at AS double) - cast(started_at AS double) FROM runs ORDER BY started_at DESC LIMIT 1");
    return Double.parseDouble(rows.get(0)[0]);
  }

  /** jobs/query's CSV rows (header dropped). */
  static List<String[]> query(Path home, Path out, String sql) throws Exception {
    Process p = new ProcessBuilder(home.resolve("jobs/query").toString(), "--out", out.toString(), "--format", "csv", sql)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String text = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException("jobs/query failed: " + text);
    }
    List<String[]> rows = new ArrayList<>();
    List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
    for (String line : lines.subList(1, lines.size())) {
      rows.add(line.split(","));
    }
    return rows;
  }

  /** Per input file: Σ wall, Σ CPU over WeightWatcher's per-layer phases, layer count. */
  static Map<String, double[]> wwModelTimes(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    List<String> header = Arrays.asList(parseCsvLine(lines.get(0)));
    Map<String, double[]> out = new LinkedHashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = parseCsvLine(line);
      double[] acc = out.computeIfAbsent(f[header.indexOf("input")], k -> new double[3]);
      for (String phase : WW_PHASES) {
        acc[0] += parse(f[header.indexOf("t_" + phase + "_s")]);
        acc[1] += parse(f[header.indexOf("cpu_" + phase + "_s")]);
      }
      acc[2]++;
    }
    return out;
  }

  private static double parse(String s) {
    return s.isEmpty() ? 0 : Double.parseDouble(s);
  }

  static String[] parseCsvLine(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cur.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out.toArray(new String[0]);
  }
}
