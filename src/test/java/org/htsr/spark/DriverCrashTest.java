package org.htsr.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.htsr.table.TableStore;
import org.htsr.testing.ChildJvm;
import org.htsr.testing.LocalSpark;
import org.htsr.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A driver killed (SIGKILL) mid-sweep: what readers see before the rerun is only complete
 * checkpoints, and the rerun finishes the work with tables equal to an undisturbed run's: no
 * duplicate, no lost row.
 */
class DriverCrashTest {

  @TempDir Path work;

  @Test
  void aKilledSweepIsFinishedByTheNextRun() throws Exception {
    SparkSession spark = LocalSpark.session();
    Path zoo = Files.createDirectories(work.resolve("zoo"));
    for (String f : List.of("models/gnubg-mlp.safetensors", "models/silero-vad-v5.safetensors", "models/posenet-mobilenet-v1.safetensors",
        "synthetic/conv.safetensors", "synthetic/low_rank.safetensors", "synthetic/spikes.safetensors")) {
      Files.copy(SharedData.resolve(f), zoo.resolve(Path.of(f).getFileName()));
    }
    Path crashed = work.resolve("crashed");
    killMidSweep(crashed, zoo);

    // before any rerun, readers see complete checkpoints only
    Path reference = work.resolve("reference");
    IncrementalRunTest.analyse(reference, zoo); // one batch: the tables must not depend on batching
    Dataset<Row> expectedLayers = table(spark, reference, "layers");
    TableStore.open(spark, crashed.toString()).registerViews();
    List<Row> partial = spark.sql("SELECT checkpoint, count(*) FROM layers GROUP BY checkpoint").collectAsList();
    assertTrue(partial.size() >= 1 && partial.size() < 6, "the kill came too late to test anything: " + partial.size() + " checkpoints done");
    for (Row r : partial) {
      long complete = expectedLayers.filter(expectedLayers.col("checkpoint").equalTo(r.getString(0))).count();
      assertEquals(complete, r.getLong(1), "visible checkpoint " + r.getString(0) + " must be complete");
    }

    String rerun = IncrementalRunTest.analyse(crashed, zoo, "--batch-size", "1");
    assertTrue(rerun.contains("skipping " + partial.size() + " checkpoints"), rerun);
    for (String t : List.of("layers", "esd", "checkpoints", "failures")) {
      Dataset<Row> a = table(spark, crashed, t);
      Dataset<Row> b = table(spark, reference, t);
      assertEquals(b.count(), a.count(), t);
      assertEquals(0, a.exceptAll(b).count(), () -> t + " rows differ: " + a.exceptAll(b).collectAsList() + "\nexpected: " + b.exceptAll(a).collectAsList());
      assertEquals(0, b.exceptAll(a).count(), t + " rows missing");
    }
    assertEquals(table(spark, crashed, "layers").count(), TableStore.open(spark, crashed.toString()).committedRows("layers").count(),
        "no superseded or orphan rows in the files either");
  }

  /**
   * Runs the job in a child JVM, one checkpoint per batch, and kills it with SIGKILL once its third
   * checkpoint is analysed. Batches are committed while the next one is analysed, so when the
   * second checkpoint's line appears the first may still be committing; by the third line the first
   * batch is committed (the pipeline waits for it before the third batch starts), and later ones may
   * be staged or half committed.
   */
  private static void killMidSweep(Path out, Path zoo) throws Exception {
    Process p = ChildJvm.of(AnalyzeJob.class,
        List.of("--master", "local[1]", "--batch-size", "1", "--out", out.toString(), zoo.toString())).start();
    StringBuilder seen = new StringBuilder();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        seen.append(line).append('\n');
        if (line.startsWith("[3/")) {
          p.destroyForcibly();
          break;
        }
      }
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertTrue(seen.toString().contains("[3/"), "the child never got going:\n" + seen);
    assertTrue(p.exitValue() != 0, "the child was killed");
  }

  private static Dataset<Row> table(SparkSession spark, Path out, String table) {
    TableStore.open(spark, out.toString()).registerViews();
    Dataset<Row> rows = spark.table(table);
    for (String c : List.of("run_id", "seconds_read", "seconds_eigen", "seconds_fit", "seconds")) {
      if (Arrays.asList(rows.columns()).contains(c)) {
        rows = rows.drop(c);
      }
    }
    return rows.localCheckpoint();
  }
}
