package org.htsr.spark;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.deploy.SparkHadoopUtil;
import org.apache.spark.sql.SparkSession;
import org.htsr.config.JobOptions;
import org.htsr.linalg.BlasChoice;
import org.htsr.linalg.LoadedBlas;
import org.htsr.linalg.NativeLibraries;
import org.htsr.spark.run.Causes;

/**
 * Starts (or joins) the Spark of a job. Under spark-submit the master and properties come
 * from it; started directly, htsr runs embedded with {@code --master} (default local[*]) and the
 * conf dir's spark-defaults.conf. Precedence: --conf &gt; spark-submit &gt; spark-defaults.conf
 * &gt; the defaults set here.
 */
public final class SparkSessions {

  /** The system property naming the job jar executors load (set by jobs/lib/common.sh). */
  static final String JOB_JAR_PROPERTY = "htsr.job.jar";

  private SparkSessions() {}

  public static SparkSession start(String appName, JobOptions options) {
    SparkConf conf = conf(appName, options, new SparkConf(true));
    return whileLoadingBlas(conf, () -> SparkSession.builder().config(conf).getOrCreate());
  }

  /**
   * Starts (or joins) Spark without a SQL session, for a job that runs RDD jobs and writes its
   * own Parquet files: Spark SQL's start-up (its function registry, the session's classes) costs
   * ≈ 0.8 s that such a job never uses (docs/benchmarks.md J).
   */
  public static SparkContext startContext(String appName, JobOptions options) {
    SparkConf conf = conf(appName, options, new SparkConf(true));
    return whileLoadingBlas(conf, () -> SparkContext.getOrCreate(conf));
  }

  /**
   * Starts Spark without a SQL session, as {@link #startContext}, on a thread of its own: the caller
   * goes on with the work that needs only files (its output's lock and recovery, listing its inputs,
   * reading headers) while Spark starts (≈ 0.6 s of one core, docs/benchmarks.md L). The properties
   * are made and checked here, on the calling thread, so a bad one fails before anything starts.
   */
  public static StartingContext startContextBeside(String appName, JobOptions options) {
    SparkConf conf = conf(appName, options, new SparkConf(true));
    Future<SparkContext> starting = onThreadOfItsOwn("htsr-spark-start", () -> whileLoadingBlas(conf, () -> SparkContext.getOrCreate(conf)));
    return new StartingContext(conf, SparkHadoopUtil.get().newConfiguration(conf), starting);
  }

  /**
   * Starts Spark while another thread loads the chosen BLAS on the driver: loading the bundled
   * OpenBLAS (≈ 0.2 s) and Spark's start-up (≈ 0.5 s) share nothing, and nothing touches netlib
   * before {@link NativeLibraries#install} returns (the executor plugin, which runs inside local
   * mode's start-up, waits for it: install is synchronized).
   */
  private static <T> T whileLoadingBlas(SparkConf conf, Supplier<T> startSpark) {
    BlasChoice choice = BlasChoice.parse(conf.get(BlasChoice.CONF_KEY));
    Future<LoadedBlas> loading = onThreadOfItsOwn("htsr-blas-loader", () -> NativeLibraries.install(choice));
    T started = startSpark.get();
    Causes.await(loading, "loading the BLAS");
    return started;
  }

  /**
   * {@code work} on a daemon thread of its own, not a pool's: it inherits this thread's context
   * class loader, which under spark-submit is the one that sees the job jar.
   */
  private static <T> Future<T> onThreadOfItsOwn(String name, Callable<T> work) {
    FutureTask<T> task = new FutureTask<>(work);
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
    return task;
  }

  /**
   * Starts Spark for a job that only reads tables, and checks that they are there.
   *
   * @throws IllegalArgumentException naming {@code --out} when it does not exist (nothing is created)
   */
  public static SparkSession startReading(String appName, JobOptions options) {
    SparkSession spark = start(appName, options);
    TableLocations.requireExisting(spark, options.out());
    return spark;
  }

  /**
   * The Spark properties of a job: {@code base} holds what spark-submit set (as system
   * properties); the rest is filled in without overriding it.
   */
  static SparkConf conf(String appName, JobOptions options, SparkConf base) {
    SparkConf sparkConf = base;
    // spark-submit sets spark.master; without it htsr starts Spark itself (embedded)
    boolean embedded = !sparkConf.contains("spark.master");
    setIfAbsent(sparkConf, "spark.master", options.master());
    setIfAbsent(sparkConf, "spark.app.name", appName);
    options.sparkDefaults().forEach((k, v) -> setIfAbsent(sparkConf, k, v));
    options.sparkConf().forEach(sparkConf::set);
    if (embedded) {
      // a batch job on a laptop needs no web UI, with or without a spark-defaults.conf
      setIfAbsent(sparkConf, "spark.ui.enabled", "false");
    }
    // OpenBLAS starts on one thread per task (parallelism comes from tasks, spark-notes §2); the
    // plugin then lends idle cores to the calls whose results do not depend on them (BlasThreads)
    setIfAbsent(sparkConf, "spark.executorEnv.OPENBLAS_NUM_THREADS", "1");
    // malloc's large blocks (the off-heap W and Gram LAPACK works on) in huge pages where the kernel
    // offers them: 4 KiB page faults made those copies run at 250 MB/s (jobs/lib/common.sh)
    setIfAbsent(sparkConf, "spark.executorEnv.GLIBC_TUNABLES", "glibc.malloc.hugetlb=1");
    // G1 regions of 16 MiB on executors, as the launchers give the embedded JVM: a layer's values
    // are then young objects, not humongous ones that start concurrent cycles (jobs/lib/common.sh)
    setIfAbsent(sparkConf, "spark.executor.extraJavaOptions", "-XX:G1HeapRegionSize=16m");
    setIfAbsent(sparkConf, "spark.ui.showConsoleProgress", "false");
    setIfAbsent(sparkConf, "spark.sql.sources.partitionOverwriteMode", "dynamic");
    setIfAbsent(sparkConf, "spark.sql.parquet.compression.codec", "zstd");
    // the batch's staging directories are published by htsr's own commit (TableStore): Hadoop's
    // v2 committer moves task files once, and no _SUCCESS markers are needed
    setIfAbsent(sparkConf, "spark.hadoop.mapreduce.fileoutputcommitter.algorithm.version", "2");
    setIfAbsent(sparkConf, "spark.hadoop.mapreduce.fileoutputcommitter.marksuccessfuljobs", "false");
    // local files without a forked chmod / ls -ld per Parquet file written or listed (C.2)
    setIfAbsent(sparkConf, "spark.hadoop.fs.file.impl", org.htsr.table.ForklessLocalFileSystem.class.getName());
    // the layers schema has ~45 columns; the default (25) makes Spark warn about plan strings
    setIfAbsent(sparkConf, "spark.sql.debug.maxToStringFields", "200");
    String master = sparkConf.get("spark.master");
    if (!master.startsWith("local") && !sparkConf.contains("spark.jars")) {
      // executors of a cluster do not have htsr's classes: ship the job jar, as spark-submit would
      sparkConf.set("spark.jars", jobJar(master).toString());
    }
    chooseBlas(sparkConf);
    return sparkConf;
  }

  /**
   * One BLAS per JVM, chosen before anything touches netlib: here on the driver (loaded as Spark
   * starts), by {@link NativeLibrariesPlugin} (added to {@code spark.plugins}) on executors.
   */
  static void chooseBlas(SparkConf sparkConf) {
    setIfAbsent(sparkConf, BlasChoice.CONF_KEY, BlasChoice.fromProperties().label());
    BlasChoice.parse(sparkConf.get(BlasChoice.CONF_KEY)); // a bad spark.htsr.blas fails here
    String plugins = sparkConf.get("spark.plugins", "");
    if (!plugins.contains(NativeLibrariesPlugin.class.getName())) {
      sparkConf.set("spark.plugins", plugins.isBlank() ? NativeLibrariesPlugin.class.getName() : plugins + "," + NativeLibrariesPlugin.class.getName());
    }
    NativeLibrariesPlugin.blasCores(sparkConf); // a bad spark.htsr.blas.threads fails here, not in every executor
  }

  /** {@link #chooseBlas} and the driver's BLAS loaded now: for the tests' session, started elsewhere. */
  public static void chooseAndLoadBlas(SparkConf sparkConf) {
    chooseBlas(sparkConf);
    NativeLibraries.install(BlasChoice.parse(sparkConf.get(BlasChoice.CONF_KEY)));
  }

  /**
   * The jar executors load: -Dhtsr.job.jar (the launchers' target/htsr-job.jar), else the
   * htsr-job.jar beside the jar this class was loaded from.
   *
   * @throws IllegalArgumentException when there is none, saying how to build it
   */
  static Path jobJar(String master) {
    String property = System.getProperty(JOB_JAR_PROPERTY, "");
    Path jar = property.isEmpty() ? besideThisJar() : Path.of(property);
    if (jar == null || !Files.isRegularFile(jar)) {
      throw new IllegalArgumentException("--master " + master + " ships the job jar to the executors, but "
          + (jar == null ? "no htsr-job.jar was found" : jar + " does not exist")
          + ": build it with mvn -B -DskipTests package, or set spark.jars");
    }
    return jar.toAbsolutePath();
  }

  private static Path besideThisJar() {
    java.security.CodeSource source = SparkSessions.class.getProtectionDomain().getCodeSource();
    if (source == null) {
      return null;
    }
    try {
      Path self = Path.of(source.getLocation().toURI());
      return Files.isRegularFile(self) ? self.resolveSibling("htsr-job.jar") : null;
    } catch (URISyntaxException notAFile) {
      return null;
    }
  }

  private static void setIfAbsent(SparkConf conf, String key, String value) {
    if (!conf.contains(key)) {
      conf.set(key, value);
    }
  }
}
