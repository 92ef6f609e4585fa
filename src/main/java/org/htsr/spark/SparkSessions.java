package org.htsr.spark;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.htsr.linalg.BlasChoice;
import org.htsr.linalg.NativeLibraries;
import org.htsr.config.JobOptions;

/**
 * Starts (or joins) the SparkSession of a job. Under spark-submit the master and properties come
 * from it; started directly, htsr runs embedded with {@code --master} (default local[*]) and the
 * conf dir's spark-defaults.conf. Precedence: --conf &gt; spark-submit &gt; spark-defaults.conf
 * &gt; the defaults set here.
 */
public final class SparkSessions {

  /** The system property naming the job jar executors load (set by jobs/lib/common.sh). */
  static final String JOB_JAR_PROPERTY = "htsr.job.jar";

  private SparkSessions() {}

  public static SparkSession start(String appName, JobOptions options) {
    return SparkSession.builder().config(conf(appName, options, new SparkConf(true))).getOrCreate();
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
   * One BLAS per JVM, chosen before anything touches netlib: here on the driver, by {@link
   * NativeLibrariesPlugin} (added to {@code spark.plugins}) on executors. The tests' session uses it too.
   */
  public static void chooseBlas(SparkConf sparkConf) {
    setIfAbsent(sparkConf, BlasChoice.CONF_KEY, BlasChoice.fromProperties().label());
    NativeLibraries.install(BlasChoice.parse(sparkConf.get(BlasChoice.CONF_KEY)));
    String plugins = sparkConf.get("spark.plugins", "");
    if (!plugins.contains(NativeLibrariesPlugin.class.getName())) {
      sparkConf.set("spark.plugins", plugins.isBlank() ? NativeLibrariesPlugin.class.getName() : plugins + "," + NativeLibrariesPlugin.class.getName());
    }
    NativeLibrariesPlugin.blasCores(sparkConf); // a bad spark.htsr.blas.threads fails here, not in every executor
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
