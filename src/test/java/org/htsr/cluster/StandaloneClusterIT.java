package org.htsr.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.htsr.spark.AnalyzeJob;
import org.htsr.table.TableStore;
import org.htsr.testing.LocalSpark;
import org.htsr.testing.SharedData;
import org.htsr.testing.StandaloneCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job on a real multi-JVM standalone cluster (a Master, a Worker and two executor JVMs on
 * 127.0.0.1, submitted through spark-submit's entry point) writes the same tables as local mode —
 * equal on every column but run ids, timestamps and seconds (DESIGN.md) — with other batch sizes
 * and executor counts, and also when an executor JVM is killed mid-sweep.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterIT {

  private static final List<String> SUBMIT_CONF = List.of(
      "--conf", "spark.executor.cores=1", "--conf", "spark.executor.memory=1g", "--conf", "spark.cores.max=2");

  @TempDir static Path work;
  private static StandaloneCluster cluster;
  private static List<String> inputs;
  private static Path localOut;

  @BeforeAll
  static void startClusterAndRunLocally() throws Exception {
    inputs = List.of(SharedData.resolve("models").toString(), SharedData.resolve("synthetic").toString());
    localOut = work.resolve("local-out");
    List<String> args = new ArrayList<>(List.of("--out", localOut.toString()));
    args.addAll(inputs);
    assertEquals(0, AnalyzeJob.run(args, System.out, System.err));
    cluster = StandaloneCluster.start(work, 1, 2);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void clusterTablesEqualLocalModeTables() throws Exception {
    Path out = work.resolve("cluster-out");
    Path driverLog = work.resolve("driver.log");
    int status = cluster.submit(driverLog, AnalyzeJob.class.getName(), SUBMIT_CONF, args(out, "3"));
    String log = Files.readString(driverLog, StandardCharsets.UTF_8);
    assertEquals(0, status, log);
    assertTrue(log.contains("on spark://127.0.0.1"), log);
    assertTrue(log.contains("[10/10]"), log);
    assertEquals(2, executorFolders(), () -> "the Worker launched two executor JVMs, each with its own log folder:\n" + executorLogTails());
    assertTrue(log.contains("BLAS on the driver: OpenBLAS 0.3.31 (bundled: "), log);
    for (String stderr : executorLogs()) {
      // the executors' Spark home has no OpenBLAS jar and the machine needs no package: the
      // library came out of htsr-job.jar (JavaCPP's cache folder is named after the jar)
      assertTrue(stderr.matches("(?s).*htsr: BLAS on executor \\d+: OpenBLAS 0\\.3\\.31 \\(bundled: [^\\n]*/htsr-job\\.jar/[^\\n]*libopenblas[^\\n]*; blas=JNIBLAS lapack=JNILAPACK\\).*"), stderr);
    }
    assertEqualTables(out);
  }

  @Test
  @Order(2)
  void anExecutorKilledMidSweepChangesNothing() throws Exception {
    Path out = work.resolve("killed-out");
    Path driverLog = work.resolve("driver-killed.log");
    Process driver = cluster.submitAsync(driverLog, AnalyzeJob.class.getName(), SUBMIT_CONF, args(out, "2"));
    StandaloneCluster.awaitLine(driverLog, "[2/10]", Duration.ofMinutes(4));
    List<Long> executors = cluster.executorPids();
    assertTrue(!executors.isEmpty(), "no executor JVM found");
    ProcessHandle.of(executors.get(0)).orElseThrow().destroyForcibly();
    assertTrue(driver.waitFor(8, java.util.concurrent.TimeUnit.MINUTES), "driver did not finish");
    String log = Files.readString(driverLog, StandardCharsets.UTF_8);
    assertEquals(0, driver.exitValue(), log);
    assertTrue(log.contains("[10/10]"), log);
    assertEqualTables(out);
  }

  /**
   * A 20,000 × 2,048 layer through both distributed routes on the cluster (row blocks read by the
   * executors, never the driver) gives the local path's eigenvalues within 1e-10·λmax.
   */
  @Test
  @Order(3)
  void distributedRoutesMatchTheLocalPathOnA20000By2048Layer() throws Exception {
    Path file = work.resolve("llm/big.safetensors");
    Files.createDirectories(file.getParent());
    java.util.SplittableRandom random = new java.util.SplittableRandom(2048);
    double[] values = new double[20_000 * 2_048];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextGaussian() / Math.sqrt(20_000);
    }
    try (java.io.OutputStream o = Files.newOutputStream(file)) {
      new org.htsr.io.safetensors.SafetensorsWriter().add("embed.weight", org.htsr.model.DType.F32, List.of(20_000L, 2_048L), values).writeTo(o);
    }
    values = null;
    Path localOut = work.resolve("big-local");
    assertEquals(0, AnalyzeJob.run(List.of("--out", localOut.toString(), "--solver", "gram", file.toString()), System.out, System.err));
    double[] local = eigenvalues(localOut);
    for (String route : List.of("gram", "rowmatrix")) {
      Path out = work.resolve("big-" + route);
      Path log = work.resolve("driver-big-" + route + ".log");
      int status = cluster.submit(log, AnalyzeJob.class.getName(), SUBMIT_CONF,
          List.of("--out", out.toString(), "--solver", "distributed", "--distributed-route", route, file.toString()));
      assertEquals(0, status, Files.readString(log));
      double[] distributed = eigenvalues(out);
      assertEquals(local.length, distributed.length);
      double lambdaMax = local[local.length - 1];
      for (int i = 0; i < local.length; i++) {
        assertEquals(local[i], distributed[i], 1e-10 * lambdaMax, route + " eigenvalue " + i);
      }
      TableStore.open(LocalSpark.session(), out.toString()).registerViews();
      assertEquals("distributed-" + route, LocalSpark.session().sql("SELECT solver FROM layers").first().getString(0));
    }
  }

  /**
   * {@code jobs/analyze --master spark://…} (the embedded launcher, not spark-submit) ships
   * target/htsr-job.jar to the executors itself: without spark.jars they fail with
   * ClassNotFoundException: org.htsr.spark.run.LayerTask.
   */
  @Test
  @Order(4)
  void jobsAnalyzeWithAClusterMasterShipsTheJobJar() throws Exception {
    Path out = work.resolve("launcher-out");
    Path log = work.resolve("launcher.log");
    String model = SharedData.resolve("models/gnubg-mlp.safetensors").toString();
    ProcessBuilder pb = new ProcessBuilder("bash", "jobs/analyze", "--master", cluster.masterUrl(),
        "--conf", "spark.executor.cores=1", "--conf", "spark.executor.memory=1g", "--conf", "spark.cores.max=2",
        "--out", out.toString(), model).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("HTSR_CDS", "off");
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process p = pb.start();
    assertTrue(p.waitFor(6, java.util.concurrent.TimeUnit.MINUTES), "jobs/analyze did not finish");
    String text = Files.readString(log, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), text);
    assertTrue(text.contains("on " + cluster.masterUrl()) && text.contains("[1/1]"), text);
    assertTrue(!text.contains("ClassNotFoundException"), text);
    TableStore.open(LocalSpark.session(), localOut.toString()).registerViews();
    long local = LocalSpark.session().sql("SELECT * FROM layers WHERE checkpoint LIKE '%gnubg-mlp.safetensors'").count();
    TableStore.open(LocalSpark.session(), out.toString()).registerViews();
    assertEquals(local, LocalSpark.session().sql("SELECT * FROM layers").count());
  }

  /**
   * docs/cluster.md's recipe: under spark-submit the driver logs with conf/log4j2.properties when
   * given {@code --driver-java-options -Dlog4j2.configurationFile=…}; without it Spark's own
   * defaults print its INFO lines.
   */
  @Test
  @Order(5)
  void sparkSubmitUsesTheProjectsLogConfigurationWithTheRecipe() throws Exception {
    String model = SharedData.resolve("models/gnubg-mlp.safetensors").toString();
    String config = Path.of("conf/log4j2.properties").toAbsolutePath().toString();
    List<String> common = new ArrayList<>(SUBMIT_CONF);
    Path plainLog = work.resolve("submit-plain.log");
    List<String> plain = new ArrayList<>(common);
    plain.addAll(List.of("--class", AnalyzeJob.class.getName(), System.getProperty("htsr.jar"), "--out", work.resolve("submit-plain").toString(), model));
    assertEquals(0, cluster.sparkSubmit(plainLog, plain), Files.readString(plainLog));
    Path recipeLog = work.resolve("submit-recipe.log");
    List<String> recipe = new ArrayList<>(common);
    recipe.addAll(List.of("--driver-java-options", "-Dlog4j2.configurationFile=file:" + config,
        "--class", AnalyzeJob.class.getName(), System.getProperty("htsr.jar"), "--out", work.resolve("submit-recipe").toString(), model));
    assertEquals(0, cluster.sparkSubmit(recipeLog, recipe), Files.readString(recipeLog));
    long plainInfo = Files.readAllLines(plainLog).stream().filter(l -> l.contains(" INFO ")).count();
    List<String> recipeInfo = Files.readAllLines(recipeLog).stream().filter(l -> l.contains(" INFO ")).toList();
    assertTrue(plainInfo > 20, "Spark's defaults log at INFO: " + plainInfo + " lines");
    assertEquals(List.of(), recipeInfo, "conf/log4j2.properties keeps Spark at WARN");
    assertTrue(Files.readString(recipeLog).contains("[1/1]"), "progress still on stdout");
  }

  private static double[] eigenvalues(Path out) {
    TableStore.open(LocalSpark.session(), out.toString()).registerViews();
    List<Double> list = LocalSpark.session().sql("SELECT eigenvalues FROM esd").first().getList(0);
    return list.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static List<String> args(Path out, String batchSize) {
    List<String> args = new ArrayList<>(List.of("--out", out.toString(), "--batch-size", batchSize));
    args.addAll(inputs);
    return args;
  }

  /** The last lines of every executor's stderr, for a failure message. */
  private static String executorLogTails() {
    try {
      StringBuilder out = new StringBuilder();
      for (String log : executorLogs()) {
        List<String> lines = log.lines().toList();
        out.append("--- executor stderr (last 40 lines)\n")
            .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()))).append('\n');
      }
      return out.toString();
    } catch (Exception e) {
      return "(executor logs unreadable: " + e + ")";
    }
  }

  /** The stderr of each executor of the first application. */
  private static List<String> executorLogs() throws Exception {
    try (var apps = Files.list(work.resolve("work0"))) {
      Path app = apps.filter(p -> p.getFileName().toString().startsWith("app-")).sorted().findFirst().orElseThrow();
      try (var executors = Files.list(app)) {
        List<String> logs = new ArrayList<>();
        for (Path e : executors.filter(e -> Files.exists(e.resolve("stderr"))).toList()) {
          logs.add(Files.readString(e.resolve("stderr"), StandardCharsets.UTF_8));
        }
        return logs;
      }
    }
  }

  private static long executorFolders() throws Exception {
    try (var apps = Files.list(work.resolve("work0"))) {
      // the first application (app ids sort by submission time) is the undisturbed run's
      Path app = apps.filter(p -> p.getFileName().toString().startsWith("app-")).sorted().findFirst().orElseThrow();
      try (var executors = Files.list(app)) {
        return executors.filter(e -> Files.exists(e.resolve("stderr"))).count();
      }
    }
  }

  private static void assertEqualTables(Path clusterOut) {
    SparkSession spark = LocalSpark.session();
    for (String table : List.of("layers", "esd", "failures", "checkpoints")) {
      Dataset<Row> a = comparable(spark, clusterOut, table);
      Dataset<Row> b = comparable(spark, localOut, table);
      assertTrue(a.count() > 0 || table.equals("failures"), table + " is empty");
      assertEquals(b.count(), a.count(), table + " row count");
      assertEquals(0, a.exceptAll(b).count(), table + ": cluster rows missing locally");
      assertEquals(0, b.exceptAll(a).count(), table + ": local rows missing on the cluster");
    }
  }

  /** A table without the columns that legitimately differ between runs. */
  private static Dataset<Row> comparable(SparkSession spark, Path out, String table) {
    TableStore.open(spark, out.toString()).registerViews();
    Dataset<Row> rows = spark.table(table);
    for (String c : List.of("run_id", "seconds_read", "seconds_eigen", "seconds_fit", "seconds")) {
      if (List.of(rows.columns()).contains(c)) {
        rows = rows.drop(c);
      }
    }
    return rows.localCheckpoint();
  }
}
