package org.htsr.bench;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.lapack.LAPACK;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.htsr.analysis.LayerAnalyzer;
import org.htsr.analysis.LayerPlanner;
import org.htsr.analysis.LayerSelection;
import org.htsr.linalg.DenseMatrix;
import org.htsr.linalg.GramEigenSolver;
import org.htsr.linalg.MatrixViews;
import org.htsr.linalg.NativeLibraries;
import org.htsr.model.DType;
import org.htsr.model.LayerResult;
import org.htsr.model.LayerSpec;
import org.htsr.model.PowerLawFit;
import org.htsr.model.TensorInfo;
import org.htsr.stats.FitException;
import org.htsr.stats.PowerLawFitter;
import org.netlib.util.intW;

/**
 * Benchmark A, numerical core: Gram + dsyevd against dgesdd, the other symmetric drivers, htsr's
 * solver and layer path against the bare calls, and (with --pure-java) netlib's Java fallback in a
 * child JVM on the same sizes.
 *
 * <pre>
 * EigenBench [--sizes 1024x1024,2048x2048,...]   PyTorch (out x in) shapes, Gaussian N(0,1/N), seeded
 *            [--ops gram,dsyevd,dsyevr,dsyev,bare,solver,layer,dgesdd]
 *            [--reps 3] [--svd-reps R] [--seed 42]
 *            [--pure-java SIZES] [--java-ops OPS]   also run SIZES in a child JVM with allowNative=false
 *            [--dump DIR]                           write each W (column-major f64) for src/bench/c
 *            [--tsv FILE]                           medians as TSV (used by the child)
 * </pre>
 */
public final class EigenBench {

  static final List<String> ALL_OPS = List.of("gram", "dsyevd", "dsyevr", "dsyev", "bare", "solver", "layer", "dgesdd");

  private final BLAS blas = BLAS.getInstance();
  private final LAPACK lapack = LAPACK.getInstance();
  private final boolean nativeBlas = NativeLibraries.isNativeBlas(blas);
  private boolean quiet;
  /** With one OpenBLAS thread the work runs on the calling thread: its CPU clock is exact (ns). */
  static final boolean ONE_THREAD = "1".equals(System.getenv("OPENBLAS_NUM_THREADS"));

  /** The CPU figure used in tables: this thread's with one BLAS thread, the process's otherwise. */
  static double cpu(Bench.Sample s) {
    return ONE_THREAD ? s.threadCpu() : s.processCpu();
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = Bench.options(args);
    Bench.printHeader("EigenBench", args);
    List<String> sizes = Bench.list(opt.getOrDefault("sizes", "1024x1024,2048x2048,4096x4096,1024x4096,4096x1024,4096x11008,11008x4096"));
    List<String> ops = Bench.list(opt.getOrDefault("ops", String.join(",", ALL_OPS)));
    int reps = Integer.parseInt(opt.getOrDefault("reps", "3"));
    int svdReps = Integer.parseInt(opt.getOrDefault("svd-reps", Integer.toString(reps)));
    long seed = Long.parseLong(opt.getOrDefault("seed", "42"));
    Path dump = opt.containsKey("dump") ? Path.of(opt.get("dump")) : null;

    EigenBench bench = new EigenBench();
    Map<String, Map<String, Bench.Sample>> results = new LinkedHashMap<>();
    Map<String, String> checks = new LinkedHashMap<>();
    // warm the JIT on every code path (matters for the pure-Java routines), not recorded
    bench.quiet = true;
    bench.run(256, 256, ops, 2, 2, seed, null, new LinkedHashMap<>());
    bench.quiet = false;
    for (String size : sizes) {
      int[] shape = parseSize(size);
      results.put(size, bench.run(shape[0], shape[1], ops, reps, svdReps, seed, dump, checks));
    }
    printTables(results, checks, ops, "");
    if (opt.containsKey("tsv")) {
      writeTsv(Path.of(opt.get("tsv")), results);
    }
    if (opt.containsKey("pure-java")) {
      List<String> javaSizes = Bench.list(opt.get("pure-java"));
      String javaOps = opt.getOrDefault("java-ops", String.join(",", ops));
      Map<String, Map<String, Bench.Sample>> java = runChild(javaSizes, javaOps, reps, seed);
      printJavaRatios(results, java);
    }
    Bench.printFooter();
  }

  static int[] parseSize(String size) {
    String[] p = size.toLowerCase().split("x");
    return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1])};
  }

  /** All ops for one PyTorch (out, in) weight; medians per op. */
  Map<String, Bench.Sample> run(int out, int in, List<String> ops, int reps, int svdReps, long seed, Path dump,
      Map<String, String> checks) throws Exception {
    String size = out + "x" + in;
    double[] values = Bench.gaussianWeights(out, in, seed + out * 31L + in);
    TensorInfo tensor = new TensorInfo("bench." + size + ".weight", DType.F32, List.of((long) out, (long) in), "(bench)");
    LayerSpec spec = new LayerPlanner(LayerSelection.defaults()).plan(List.of(tensor)).specs().get(0);
    // the same zero-copy view htsr analyses: row-major (out, in) = column-major in x out
    DenseMatrix w = MatrixViews.matrices(spec, values).get(0);
    if (dump != null) {
      dumpMatrix(dump, w);
    }
    int m = w.minDim();
    if (!quiet) System.out.printf("%n## %s: W %d×%d column-major (%s), M=%d, N=%d%n", size, w.rows(), w.cols(),
        w.rows() >= w.cols() ? "G = WᵀW, dsyrk('U','T')" : "G = WWᵀ, dsyrk('U','N')", m, w.maxDim());

    Map<String, List<Bench.Sample>> samples = new LinkedHashMap<>();
    Map<String, double[]> eig = new LinkedHashMap<>();
    double[][] gram = new double[1][];
    LayerAnalyzer analyzer = new LayerAnalyzer(new GramEigenSolver(), NO_FIT);
    GramEigenSolver solver = new GramEigenSolver();
    for (int rep = 0; rep < reps; rep++) {
      for (String op : ops) {
        if (op.equals("dgesdd") && rep >= svdReps) {
          continue;
        }
        double[] input = switch (op) {
          case "dsyevd", "dsyevr", "dsyev" -> (gram[0] != null ? gram[0] : gram(w)).clone();
          case "dgesdd" -> w.data().clone();
          default -> null;
        };
        System.gc();
        double[][] result = new double[1][];
        Bench.Sample s = Bench.time(() -> {
          switch (op) {
            case "gram" -> gram[0] = gram(w);
            case "dsyevd" -> result[0] = dsyevd(input, m);
            case "dsyevr" -> result[0] = dsyevr(input, m);
            case "dsyev" -> result[0] = dsyev(input, m);
            case "bare" -> result[0] = dsyevd(gram(w), m);
            case "solver" -> result[0] = solver.eigenvalues(w);
            case "layer" -> {
              LayerResult r = analyzer.analyze(spec, values);
              result[0] = r.spectrum().orElseThrow().eigenvalues();
            }
            case "dgesdd" -> result[0] = dgesdd(input, w.rows(), w.cols());
            default -> throw new IllegalArgumentException("unknown op " + op);
          }
        });
        samples.computeIfAbsent(op, k -> new ArrayList<>()).add(s);
        if (result[0] != null) {
          eig.put(op, result[0]);
        }
        if (!quiet) System.out.printf("  rep %d %-7s wall %8.3f s  cpu(thread) %8.3f s  cpu(process) %8.3f s  load %s%n",
            rep + 1, op, s.wall(), s.threadCpu(), s.processCpu(), Bench.loadavg());
      }
    }
    // agreement of every route with dsyevd (or the first one that ran), relative to λmax
    double[] ref = eig.containsKey("dsyevd") ? eig.get("dsyevd") : eig.values().stream().findFirst().orElse(null);
    if (ref != null) {
      StringBuilder sb = new StringBuilder();
      double lmax = ref[ref.length - 1];
      for (Map.Entry<String, double[]> e : eig.entrySet()) {
        double[] v = e.getValue();
        double d = 0;
        for (int i = 0; i < v.length; i++) {
          d = Math.max(d, Math.abs(Math.max(v[i], 0) - Math.max(ref[i], 0)));
        }
        sb.append(e.getKey()).append(' ').append(String.format("%.1e", d / lmax)).append("  ");
      }
      checks.put(size, "max |λ − λ(ref)|/λmax: " + sb.toString().trim() + " (λmax " + Bench.f(lmax) + ")");
      if (!quiet) System.out.println("  " + checks.get(size));
    }
    Map<String, Bench.Sample> medians = new LinkedHashMap<>();
    samples.forEach((op, list) -> medians.put(op, Bench.median(list)));
    return medians;
  }

  /** G of the smaller side (lower triangle, as htsr's GramTriangle), by htsr's route: dsyrk natively, dgemm in pure Java. */
  double[] gram(DenseMatrix w) {
    int r = w.rows();
    int c = w.cols();
    int m = Math.min(r, c);
    int k = Math.max(r, c);
    double[] g = new double[m * m];
    if (nativeBlas) {
      blas.dsyrk("L", r >= c ? "T" : "N", m, k, 1.0, w.data(), r, 0.0, g, m);
    } else if (r >= c) {
      blas.dgemm("T", "N", m, m, k, 1.0, w.data(), r, w.data(), r, 0.0, g, m);
    } else {
      blas.dgemm("N", "T", m, m, k, 1.0, w.data(), r, w.data(), r, 0.0, g, m);
    }
    return g;
  }

  double[] dsyevd(double[] a, int n) {
    double[] w = new double[n];
    double[] q = new double[1];
    int[] iq = new int[1];
    intW info = new intW(0);
    lapack.dsyevd("N", "L", n, a, n, w, q, -1, iq, -1, info);
    int lwork = Math.max((int) q[0], 2 * n + 1);
    int liwork = Math.max(iq[0], 1);
    lapack.dsyevd("N", "L", n, a, n, w, new double[lwork], lwork, new int[liwork], liwork, info);
    check("dsyevd", info);
    return w;
  }

  double[] dsyevr(double[] a, int n) {
    double[] w = new double[n];
    double[] z = new double[n]; // netlib checks z against n·ldz even for jobz=N
    int[] isuppz = new int[2 * n];
    double[] q = new double[1];
    int[] iq = new int[1];
    intW found = new intW(0);
    intW info = new intW(0);
    lapack.dsyevr("N", "A", "L", n, a, n, 0, 0, 0, 0, 0.0, found, w, z, 1, isuppz, q, -1, iq, -1, info);
    int lwork = Math.max((int) q[0], 26 * n);
    int liwork = Math.max(iq[0], 10 * n);
    lapack.dsyevr("N", "A", "L", n, a, n, 0, 0, 0, 0, 0.0, found, w, z, 1, isuppz,
        new double[lwork], lwork, new int[liwork], liwork, info);
    check("dsyevr", info);
    return w;
  }

  double[] dsyev(double[] a, int n) {
    double[] w = new double[n];
    double[] q = new double[1];
    intW info = new intW(0);
    lapack.dsyev("N", "L", n, a, n, w, q, -1, info);
    int lwork = Math.max((int) q[0], 3 * n);
    lapack.dsyev("N", "L", n, a, n, w, new double[lwork], lwork, info);
    check("dsyev", info);
    return w;
  }

  /** σ² ascending, by dgesdd('N') on a (destroyed). */
  double[] dgesdd(double[] a, int r, int c) {
    int m = Math.min(r, c);
    double[] s = new double[m];
    double[] dummy = new double[1];
    int[] iwork = new int[8 * m];
    double[] q = new double[1];
    intW info = new intW(0);
    lapack.dgesdd("N", r, c, a, r, s, dummy, 1, dummy, 1, q, -1, iwork, info);
    int lwork = Math.max((int) q[0], 1);
    lapack.dgesdd("N", r, c, a, r, s, dummy, 1, dummy, 1, new double[lwork], lwork, iwork, info);
    check("dgesdd", info);
    double[] lambda = new double[m];
    for (int i = 0; i < m; i++) {
      lambda[i] = s[m - 1 - i] * s[m - 1 - i];
    }
    return lambda;
  }

  private static void check(String routine, intW info) {
    if (info.val != 0) {
      throw new IllegalStateException(routine + " info=" + info.val);
    }
  }

  /** A fitter that declines: LayerAnalyzer.analyze then measures matrices + spectrum + norms only. */
  static final PowerLawFitter NO_FIT = new PowerLawFitter() {
    @Override
    public String mode() {
      return "none";
    }

    @Override
    public PowerLawFit fit(double[] eigenvalues) throws FitException {
      throw new FitException("fit left out of the benchmark");
    }
  };

  static void dumpMatrix(Path dir, DenseMatrix w) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve("W_" + w.rows() + "x" + w.cols() + ".f64");
    ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      for (double v : w.data()) {
        if (!buf.hasRemaining()) {
          buf.flip();
          ch.write(buf);
          buf.clear();
        }
        buf.putDouble(v);
      }
      buf.flip();
      ch.write(buf);
    }
    System.out.println("wrote " + file + " (" + w.rows() + " rows, " + w.cols() + " cols, column-major f64)");
  }

  static void printTables(Map<String, Map<String, Bench.Sample>> results, Map<String, String> checks, List<String> ops,
      String title) {
    System.out.println();
    System.out.println("### Medians" + title + ": wall s / CPU s (" + (ONE_THREAD ? "thread" : "process") + " CPU)");
    List<String> header = new ArrayList<>(List.of("size (out×in)"));
    header.addAll(ops);
    List<List<String>> rows = new ArrayList<>();
    for (Map.Entry<String, Map<String, Bench.Sample>> e : results.entrySet()) {
      List<String> row = new ArrayList<>(List.of(e.getKey()));
      for (String op : ops) {
        Bench.Sample s = e.getValue().get(op);
        row.add(s == null ? "–" : Bench.f(s.wall()) + " / " + Bench.f(cpu(s)));
      }
      rows.add(row);
    }
    Bench.table(header, rows);

    System.out.println("### Ratios" + title + " (same run, medians; wall / CPU)");
    List<List<String>> ratioRows = new ArrayList<>();
    for (Map.Entry<String, Map<String, Bench.Sample>> e : results.entrySet()) {
      Map<String, Bench.Sample> r = e.getValue();
      ratioRows.add(List.of(e.getKey(),
          ratio(r, "solver", "bare"),
          ratio(r, "layer", "bare"),
          ratio(r, "dgesdd", "bare"),
          ratio(r, "dsyevr", "dsyevd"),
          ratio(r, "dsyev", "dsyevd"),
          share(r, "dsyevd", "bare")));
    }
    Bench.table(List.of("size", "solver / bare (target ≤ 1.2)", "layer−fit / bare (target ≤ 1.2)",
        "dgesdd / bare", "dsyevr / dsyevd", "dsyev / dsyevd", "dsyevd share of bare"), ratioRows);
    checks.forEach((size, c) -> System.out.println("- " + size + ": " + c));
  }

  static String ratio(Map<String, Bench.Sample> r, String a, String b) {
    Bench.Sample x = r.get(a);
    Bench.Sample y = r.get(b);
    if (x == null || y == null) {
      return "–";
    }
    return Bench.x(x.wall() / y.wall()) + " / " + Bench.x(cpu(x) / cpu(y));
  }

  static String share(Map<String, Bench.Sample> r, String a, String b) {
    Bench.Sample x = r.get(a);
    Bench.Sample y = r.get(b);
    if (x == null || y == null) {
      return "–";
    }
    return String.format("%.0f %%", 100 * cpu(x) / cpu(y));
  }

  static void writeTsv(Path file, Map<String, Map<String, Bench.Sample>> results) throws IOException {
    StringBuilder sb = new StringBuilder();
    results.forEach((size, ops) -> ops.forEach((op, s) ->
        sb.append(size).append('\t').append(op).append('\t').append(s.wall()).append('\t')
            .append(s.threadCpu()).append('\t').append(s.processCpu()).append('\n')));
    Files.writeString(file, sb.toString());
  }

  static Map<String, Map<String, Bench.Sample>> readTsv(Path file) throws IOException {
    Map<String, Map<String, Bench.Sample>> out = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      String[] f = line.split("\t");
      out.computeIfAbsent(f[0], k -> new LinkedHashMap<>()).put(f[1],
          new Bench.Sample(Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4])));
    }
    return out;
  }

  /** The same benchmark in a child JVM on netlib's pure-Java BLAS/LAPACK. */
  static Map<String, Map<String, Bench.Sample>> runChild(List<String> sizes, String ops, int reps, long seed)
      throws Exception {
    Path tsv = Files.createTempFile("eigenbench-java", ".tsv");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!arg.startsWith("-Ddev.ludovic.netlib")) {
        cmd.add(arg);
      }
    }
    cmd.add("-Ddev.ludovic.netlib.blas.allowNative=false");
    cmd.add("-Ddev.ludovic.netlib.lapack.allowNative=false");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(EigenBench.class.getName());
    cmd.addAll(List.of("--sizes", String.join(",", sizes), "--ops", ops, "--reps", Integer.toString(reps),
        "--seed", Long.toString(seed), "--tsv", tsv.toString()));
    System.out.println();
    System.out.println("# child JVM, pure Java: " + String.join(" ", cmd.subList(cmd.size() - 11, cmd.size())));
    Process p = new ProcessBuilder(cmd).inheritIO().start();
    int rc = p.waitFor();
    if (rc != 0) {
      throw new IllegalStateException("pure-Java child exited " + rc);
    }
    Map<String, Map<String, Bench.Sample>> out = readTsv(tsv);
    Files.deleteIfExists(tsv);
    return out;
  }

  static void printJavaRatios(Map<String, Map<String, Bench.Sample>> nat, Map<String, Map<String, Bench.Sample>> java) {
    System.out.println("### Pure Java (VectorBLAS + F2jLAPACK, child JVM) / native (this JVM): wall / CPU");
    List<String> ops = new ArrayList<>();
    java.values().forEach(m -> m.keySet().forEach(op -> {
      if (!ops.contains(op)) {
        ops.add(op);
      }
    }));
    List<String> header = new ArrayList<>(List.of("size"));
    header.addAll(ops);
    List<List<String>> rows = new ArrayList<>();
    for (Map.Entry<String, Map<String, Bench.Sample>> e : java.entrySet()) {
      List<String> row = new ArrayList<>(List.of(e.getKey()));
      Map<String, Bench.Sample> n = nat.get(e.getKey());
      for (String op : ops) {
        Bench.Sample j = e.getValue().get(op);
        Bench.Sample v = n == null ? null : n.get(op);
        row.add(j == null || v == null ? "–"
            : Bench.x(j.wall() / v.wall()) + " / " + Bench.x(cpu(j) / cpu(v)));
      }
      rows.add(row);
    }
    Bench.table(header, rows);
  }
}
