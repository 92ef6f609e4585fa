package org.htsr.testing;

import org.apache.spark.sql.SparkSession;

/**
 * One local[2] SparkSession per test JVM (Spark start-up costs seconds): UI off, driver on
 * loopback, few shuffle partitions. Jobs under test join it through getOrCreate.
 */
public final class LocalSpark {

  private static SparkSession session;

  private LocalSpark() {}

  public static synchronized SparkSession session() {
    if (session == null) {
      session = SparkSession.builder()
          .master("local[2]")
          .appName("htsr-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.sql.shuffle.partitions", "4")
          // as SparkSessions sets it for the jobs (a test JVM's first file:// FileSystem is cached for all)
          .config("spark.hadoop.fs.file.impl", org.htsr.table.ForklessLocalFileSystem.class.getName())
          .config("spark.sql.warehouse.dir", System.getProperty("java.io.tmpdir") + "/htsr-test-warehouse")
          .getOrCreate();
    }
    return session;
  }
}
