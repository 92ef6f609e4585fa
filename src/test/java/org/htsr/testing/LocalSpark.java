package org.htsr.testing;

import org.htsr.linalg.BlasChoice;
import org.htsr.linalg.NativeLibraries;

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
      // as SparkSessions does for the jobs: one BLAS per JVM, chosen before anything touches netlib
      // (with a system libblas.so.3 installed, netlib would otherwise load it for the Gram while
      // LAPACK runs in the bundled OpenBLAS, and a child JVM's numbers would differ in their last bits)
      NativeLibraries.install(BlasChoice.fromProperties());
      session = SparkSession.builder()
          .master("local[2]")
          .appName("htsr-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.sql.shuffle.partitions", "4")
          // as SparkSessions sets it for the jobs (a test JVM's first file:// FileSystem is cached for all)
          .config("spark.hadoop.fs.file.impl", org.htsr.table.ForklessLocalFileSystem.class.getName())
          .config(BlasChoice.CONF_KEY, BlasChoice.fromProperties().label())
          .config("spark.plugins", org.htsr.spark.NativeLibrariesPlugin.class.getName())
          .config("spark.sql.warehouse.dir", System.getProperty("java.io.tmpdir") + "/htsr-test-warehouse")
          .getOrCreate();
    }
    return session;
  }
}
