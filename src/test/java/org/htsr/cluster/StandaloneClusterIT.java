package org.htsr.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.htsr.spark.AnalyzeJob;
import org.htsr.table.TableStore;
import org.htsr.testing.LocalSpark;
import org.htsr.testing.SharedData;
import org.htsr.testing.StandaloneCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job on a real multi-JVM standalone cluster (Master, Worker and two executor JVMs on
 * 127.0.0.1, submitted through spark-submit's entry point) writes the same tables as local mode:
 * equal on every column but run ids, timestamps and seconds (DESIGN.md).
 */
class StandaloneClusterIT {

  @TempDir Path work;

  @Test
  void clusterTablesEqualLocalModeTables() throws Exception {
    List<String> inputs = List.of(SharedData.resolve("models").toString(), SharedData.resolve("synthetic/conv.safetensors").toString());
    Path clusterOut = work.resolve("cluster-out");
    Path driverLog = work.resolve("driver.log");
    try (StandaloneCluster cluster = StandaloneCluster.start(work, 1, 2)) {
      List<String> args = new java.util.ArrayList<>(List.of("--out", clusterOut.toString(), "--batch-size", "2"));
      args.addAll(inputs);
      int status = cluster.submit(driverLog, AnalyzeJob.class.getName(),
          List.of("--conf", "spark.executor.cores=1", "--conf", "spark.executor.memory=1g", "--conf", "spark.cores.max=2"), args);
      String log = Files.readString(driverLog, StandardCharsets.UTF_8);
      assertEquals(0, status, log);
      assertTrue(log.contains("on spark://127.0.0.1"), log);
      assertTrue(log.contains("[5/5]"), log);
      // the Worker launched each executor as a JVM of its own, each with its own log folder
      try (var apps = Files.list(work.resolve("work0"))) {
        Path app = apps.filter(p -> p.getFileName().toString().startsWith("app-")).findFirst().orElseThrow();
        try (var executors = Files.list(app)) {
          assertEquals(2, executors.filter(e -> Files.exists(e.resolve("stderr"))).count(), "executor JVMs");
        }
      }
    }

    Path localOut = work.resolve("local-out");
    List<String> args = new java.util.ArrayList<>(List.of("--out", localOut.toString()));
    args.addAll(inputs);
    assertEquals(0, AnalyzeJob.run(args, System.out, System.err));

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
    for (String c : List.of("run_id", "seconds_eigen", "seconds_fit", "seconds")) {
      if (List.of(rows.columns()).contains(c)) {
        rows = rows.drop(c);
      }
    }
    return rows.localCheckpoint();
  }
}
