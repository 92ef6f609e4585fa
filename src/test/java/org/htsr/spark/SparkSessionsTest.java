package org.htsr.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkConf;
import org.htsr.config.JobOptions;
import org.htsr.config.OptionsParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark properties a job starts with (the cluster path itself: StandaloneClusterIT). */
class SparkSessionsTest {

  @TempDir Path work;

  @Test
  void aSweepConfDirWithoutSparkDefaultsStillRunsWithoutTheUi() throws Exception {
    Path conf = Files.createDirectories(work.resolve("sweep-conf"));
    Files.writeString(conf.resolve("htsr.properties"), "htsr.roots = /zoo\n");
    JobOptions options = OptionsParser.parse(List.of("--conf-dir", conf.toString()), "");
    SparkConf embedded = SparkSessions.conf("htsr sweep", options, new SparkConf(false));
    assertEquals("false", embedded.get("spark.ui.enabled"));
    assertEquals("local[*]", embedded.get("spark.master"));
    assertFalse(embedded.contains("spark.jars"), "local mode needs no jar shipped");
    // under spark-submit (spark.master already set) the UI is the cluster's choice
    SparkConf submitted = SparkSessions.conf("htsr sweep", options, new SparkConf(false).set("spark.master", "yarn").set("spark.jars", "job.jar"));
    assertFalse(submitted.contains("spark.ui.enabled"));
  }

  @Test
  void aClusterMasterShipsTheJobJar() throws Exception {
    Path jar = Files.writeString(work.resolve("htsr-job.jar"), "not really a jar");
    JobOptions options = OptionsParser.parse(List.of("--master", "spark://127.0.0.1:7077", "in"), "");
    String before = System.getProperty(SparkSessions.JOB_JAR_PROPERTY);
    try {
      System.setProperty(SparkSessions.JOB_JAR_PROPERTY, jar.toString());
      assertEquals(jar.toAbsolutePath().toString(), SparkSessions.conf("htsr analyze", options, new SparkConf(false)).get("spark.jars"));
      System.setProperty(SparkSessions.JOB_JAR_PROPERTY, work.resolve("missing.jar").toString());
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> SparkSessions.conf("htsr analyze", options, new SparkConf(false)));
      assertTrue(e.getMessage().contains("missing.jar") && e.getMessage().contains("mvn -B -DskipTests package"), e.getMessage());
    } finally {
      if (before == null) {
        System.clearProperty(SparkSessions.JOB_JAR_PROPERTY);
      } else {
        System.setProperty(SparkSessions.JOB_JAR_PROPERTY, before);
      }
    }
  }
}
