package org.htsr.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** The cores an executor lends to thread-independent BLAS calls, from the master and the policy. */
class NativeLibrariesPluginTest {

  private static SparkConf conf(String master, String... keyValues) {
    SparkConf conf = new SparkConf(false).set("spark.master", master);
    for (int i = 0; i < keyValues.length; i += 2) {
      conf.set(keyValues[i], keyValues[i + 1]);
    }
    return conf;
  }

  @Test
  void localModeLendsTheMastersCores() {
    assertEquals(Runtime.getRuntime().availableProcessors(), NativeLibrariesPlugin.blasCores(conf("local[*]")));
    assertEquals(3, NativeLibrariesPlugin.blasCores(conf("local[3]")));
    assertEquals(4, NativeLibrariesPlugin.blasCores(conf("local[4,2]")), "local[N,maxFailures]");
    assertEquals(1, NativeLibrariesPlugin.blasCores(conf("local")));
  }

  @Test
  void aClusterExecutorLendsItsOwnCoresOnlyWhenTheyAreKnown() {
    assertEquals(1, NativeLibrariesPlugin.blasCores(conf("spark://host:7077")));
    assertEquals(8, NativeLibrariesPlugin.blasCores(conf("spark://host:7077", "spark.executor.cores", "8")));
  }

  @Test
  void oneKeepsEveryCallOnOneThreadAndAnythingElseIsRefusedByName() {
    assertEquals(1, NativeLibrariesPlugin.blasCores(conf("local[*]", NativeLibrariesPlugin.THREADS_KEY, "one")));
    assertEquals(2, NativeLibrariesPlugin.blasCores(conf("local[2]", NativeLibrariesPlugin.THREADS_KEY, " Idle-Cores ")));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NativeLibrariesPlugin.blasCores(conf("local[2]", NativeLibrariesPlugin.THREADS_KEY, "shared")));
    assertTrue(e.getMessage().contains("spark.htsr.blas.threads") && e.getMessage().contains("shared"), e.getMessage());
  }
}
