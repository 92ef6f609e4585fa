package org.htsr.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.htsr.table.TableStore;
import org.htsr.testing.ChildJvm;
import org.htsr.testing.LocalSpark;
import org.htsr.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jobs/analyze runs on a SparkContext alone and starts Spark SQL only to rewrite the partitions a
 * re-analysis supersedes. In the test JVM a session always exists, so this runs the job as the
 * launcher does, in child JVMs without one: a run, then {@code --force}, and the tables hold each
 * layer once, in the views and in the files.
 */
class ReanalysisInFreshJvmTest {

  @TempDir Path work;

  @Test
  void aForcedRerunInAJvmWithoutASqlSessionRewritesTheSupersededRows() throws Exception {
    Path model = SharedData.resolve("models/gnubg-mlp.safetensors");
    Path out = work.resolve("out");
    String first = analyzeInChildJvm(out, model);
    String forced = analyzeInChildJvm(out, model, "--force");
    assertTrue(forced.contains("1 analysed"), forced);

    SparkSession spark = LocalSpark.session();
    TableStore store = TableStore.open(spark, out.toString());
    store.registerViews();
    long layers = spark.table("layers").count();
    assertTrue(layers > 0, first);
    assertEquals(1, spark.sql("SELECT DISTINCT run_id FROM layers").count(), "the forced run's rows only");
    assertEquals(layers, store.committedRows("layers").count(), "the first run's rows are gone from the files too");
  }

  /** Runs AnalyzeJob in a child JVM with the test classpath; returns its output, asserting exit 0. */
  private static String analyzeInChildJvm(Path out, Path input, String... extra) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("--master", "local[2]", "--out", out.toString()));
    args.addAll(Arrays.asList(extra));
    args.add(input.toString());
    ProcessBuilder pb = ChildJvm.of(AnalyzeJob.class, args);
    Path log = Files.createTempFile("htsr-child-", ".log");
    pb.redirectOutput(log.toFile());
    Process p = pb.start();
    assertTrue(p.waitFor(180, TimeUnit.SECONDS), "the child JVM did not finish");
    String output = Files.readString(log, StandardCharsets.UTF_8);
    Files.delete(log);
    assertEquals(0, p.exitValue(), output);
    return output;
  }
}
