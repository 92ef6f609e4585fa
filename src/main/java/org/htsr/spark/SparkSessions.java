package org.htsr.spark;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.htsr.linalg.BlasChoice;
import org.htsr.linalg.NativeLibraries;

/**
 * Starts (or joins) the SparkSession of a job. Under spark-submit the master and properties come
 * from it; started directly, htsr runs embedded with {@code --master} (default local[*]) and
 * conf/spark-defaults.conf. Precedence: --conf &gt; spark-submit &gt; conf/spark-defaults.conf &gt;
 * the defaults set here.
 */
public final class SparkSessions {

  private SparkSessions() {}

  public static SparkSession start(String appName, String master, Map<String, String> conf, Optional<Path> defaultsFile) {
    SparkConf sparkConf = new SparkConf(true);
    setIfAbsent(sparkConf, "spark.master", master);
    setIfAbsent(sparkConf, "spark.app.name", appName);
    defaultsFile.ifPresent(file -> load(file).forEach((k, v) -> setIfAbsent(sparkConf, k, v)));
    // one OpenBLAS thread per task: parallelism comes from tasks (spark-notes §2)
    setIfAbsent(sparkConf, "spark.executorEnv.OPENBLAS_NUM_THREADS", "1");
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
    conf.forEach(sparkConf::set);
    // one BLAS per JVM, chosen before anything touches netlib: here on the driver, by the plugin on executors
    setIfAbsent(sparkConf, BlasChoice.CONF_KEY, BlasChoice.fromProperties().label());
    NativeLibraries.install(BlasChoice.parse(sparkConf.get(BlasChoice.CONF_KEY)));
    String plugins = sparkConf.get("spark.plugins", "");
    if (!plugins.contains(NativeLibrariesPlugin.class.getName())) {
      sparkConf.set("spark.plugins", plugins.isBlank() ? NativeLibrariesPlugin.class.getName() : plugins + "," + NativeLibrariesPlugin.class.getName());
    }
    return SparkSession.builder().config(sparkConf).getOrCreate();
  }

  private static void setIfAbsent(SparkConf conf, String key, String value) {
    if (!conf.contains(key)) {
      conf.set(key, value);
    }
  }

  private static Map<String, String> load(Path file) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      // spark-defaults.conf separates key and value by whitespace, which Properties accepts
      p.load(r);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    }
    Map<String, String> out = new java.util.LinkedHashMap<>();
    p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k).trim()));
    return out;
  }
}
