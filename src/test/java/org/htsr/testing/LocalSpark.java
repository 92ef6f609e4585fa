package org.htsr.testing;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.htsr.spark.SparkSessions;

/**
 * One local[2] SparkSession per test JVM (Spark start-up costs seconds): UI off, driver on
 * loopback, few shuffle partitions. Jobs under test join it through getOrCreate.
 */
public final class LocalSpark {

  private static SparkSession session;

  private LocalSpark() {}

  public static synchronized SparkSession session() {
    if (session == null) {
      SparkConf conf = new SparkConf(false)
          .setMaster("local[2]")
          .setAppName("htsr-tests")
          .set("spark.ui.enabled", "false")
          .set("spark.driver.host", "127.0.0.1")
          .set("spark.driver.bindAddress", "127.0.0.1")
          .set("spark.sql.shuffle.partitions", "4")
          // as SparkSessions sets it for the jobs (a test JVM's first file:// FileSystem is cached for all)
          .set("spark.hadoop.fs.file.impl", org.htsr.table.ForklessLocalFileSystem.class.getName())
          .set("spark.sql.warehouse.dir", System.getProperty("java.io.tmpdir") + "/htsr-test-warehouse");
      // as for the jobs: one BLAS per JVM, chosen before anything touches netlib (with a system
      // libblas.so.3 installed, netlib would otherwise load it for the Gram while LAPACK runs in the
      // bundled OpenBLAS, and a child JVM's numbers would differ in their last bits)
      SparkSessions.chooseAndLoadBlas(conf);
      session = SparkSession.builder().config(conf).getOrCreate();
    }
    return session;
  }
}
