package org.htsr.spark;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.htsr.spark.run.Causes;

/**
 * A SparkContext that may still be starting on a thread of its own, with what the driver's own
 * work needs before it is up: the properties and the Hadoop configuration made from them (the same
 * that the SparkContext makes). A job locks its output, recovers it, lists its inputs and reads the
 * first batch's headers meanwhile, on the driver and without Spark, instead of after Spark's
 * start-up (docs/benchmarks.md L).
 */
public final class StartingContext {

  private final SparkConf conf;
  private final Configuration hadoop;
  private final Future<SparkContext> context;

  StartingContext(SparkConf conf, Configuration hadoop, Future<SparkContext> context) {
    this.conf = conf;
    this.hadoop = hadoop;
    this.context = context;
  }

  /** A context that is already running (a test's, or a sweep's second run). */
  public static StartingContext running(SparkContext sc) {
    return new StartingContext(sc.getConf(), sc.hadoopConfiguration(), CompletableFuture.completedFuture(sc));
  }

  /** The Spark properties the context is (being) started with. */
  public SparkConf conf() {
    return conf;
  }

  /** The Hadoop configuration of the file systems, as the context makes it from the properties. */
  public Configuration hadoopConfiguration() {
    return hadoop;
  }

  /** The version of Spark this job runs on (SparkContext.version, without a context). */
  public static String sparkVersion() {
    return org.apache.spark.package$.MODULE$.SPARK_VERSION();
  }

  public String master() {
    return conf.get("spark.master");
  }

  /** Local mode: executors in this JVM (Spark's own test, SparkContext.isLocal). */
  public boolean isLocal() {
    String master = master();
    return master.equals("local") || master.startsWith("local[");
  }

  /**
   * The context, once started.
   *
   * @throws BadArgument when Spark refused a property or the master as an illegal argument
   */
  public SparkContext await() {
    try {
      return Causes.await(context, "starting Spark");
    } catch (IllegalArgumentException bad) {
      throw new BadArgument(bad);
    }
  }

  /** Spark refused to start because of one of the job's arguments: the job exits with status 2. */
  public static final class BadArgument extends RuntimeException {
    BadArgument(IllegalArgumentException cause) {
      super(cause.getMessage(), cause);
    }
  }
}
