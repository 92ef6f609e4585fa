package org.htsr.spark.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.CollectionAccumulator;
import org.htsr.testing.LocalSpark;
import org.junit.jupiter.api.Test;

/**
 * The progress line of a checkpoint, from real Spark jobs on local[2]: its seconds are its own
 * tasks' time, not the time since its batch began, also when one Spark task runs several
 * checkpoints' tasks; a checkpoint whose every layer failed is not "ok"; no batch loses lines to
 * the next one.
 */
class ProgressTrackerTest {

  @Test
  void secondsArePerCheckpointAndAllFailedIsNotOk() throws Exception {
    SparkSession spark = LocalSpark.session();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    ProgressTracker progress = new ProgressTracker(new PrintStream(buffer, true, StandardCharsets.UTF_8), 3);
    CollectionAccumulator<TaskProgress> done = spark.sparkContext().collectionAccumulator("test tasks done");
    // Spark task 0 runs two tasks of checkpoint "slow" (2 s each, both layers fail), Spark task 1
    // runs "other" (1 s), then "quick" (0.1 s): quick's line has its own 0.1 s, not its Spark
    // task's 1.1 s
    progress.track("progress-test", done.id(), Map.of("slow", 2, "quick", 1, "other", 1), Map.of("slow", 2, "quick", 1, "other", 1),
        Map.of("slow", "slow", "quick", "quick", "other", "other"));
    spark.sparkContext().addSparkListener(progress);
    try {
      jsc.setJobGroup("progress-test", "progress test", false);
      jsc.parallelize(List.of(List.of("slow", "slow"), List.of("other", "quick")), 2).foreach(checkpoints -> {
        for (String c : checkpoints) {
          long start = System.nanoTime();
          Thread.sleep(c.equals("slow") ? 2000 : c.equals("other") ? 1000 : 100);
          done.add(new TaskProgress(c, c.equals("slow") ? 0 : 1, RunTimings.since(start)));
        }
      });
      awaitLines(buffer, 3);
    } finally {
      spark.sparkContext().removeSparkListener(progress);
      jsc.clearJobGroup();
    }
    String out = buffer.toString(StandardCharsets.UTF_8);
    Matcher quick = Pattern.compile("\\] quick: 1 layers, ([0-9.]+) s, ok,").matcher(out);
    Matcher other = Pattern.compile("\\] other: 1 layers, ([0-9.]+) s, ok,").matcher(out);
    Matcher slow = Pattern.compile("\\] slow: 2 layers \\(2 failed\\), ([0-9.]+) s, failed: every layer failed,").matcher(out);
    assertTrue(quick.find() && other.find() && slow.find(), out);
    assertTrue(Double.parseDouble(quick.group(1)) < 0.6, "quick's own task took ~0.1 s: " + out);
    assertTrue(Double.parseDouble(other.group(1)) >= 0.95, "other's own task took 1 s: " + out);
    assertTrue(Double.parseDouble(slow.group(1)) >= 3.9, "slow's two tasks took 2 s each: " + out);
    assertEquals(3, out.lines().count(), out);
  }

  /**
   * Batches overlap (BatchPipeline): the next batch is tracked while the previous batch's task ends
   * may still be on the listener bus, here while its job still runs. Its checkpoints still get
   * their lines.
   */
  @Test
  void aBatchTrackedWhileThePreviousOneRunsLosesNoneOfItsLines() throws Exception {
    SparkSession spark = LocalSpark.session();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    ProgressTracker progress = new ProgressTracker(new PrintStream(buffer, true, StandardCharsets.UTF_8), 2);
    CollectionAccumulator<TaskProgress> first = spark.sparkContext().collectionAccumulator("test tasks done, first batch");
    CollectionAccumulator<TaskProgress> second = spark.sparkContext().collectionAccumulator("test tasks done, second batch");
    progress.track("progress-first", first.id(), Map.of("earlier", 1), Map.of("earlier", 1), Map.of("earlier", "earlier"));
    spark.sparkContext().addSparkListener(progress);
    Thread firstJob = new Thread(() -> {
      jsc.setJobGroup("progress-first", "progress test, first batch", false);
      jsc.parallelize(List.of(0), 1).foreach(i -> {
        Thread.sleep(1500);
        first.add(new TaskProgress("earlier", 1, 1.5));
      });
    });
    try {
      firstJob.start();
      Thread.sleep(500); // the first job has started and its task sleeps
      progress.track("progress-second", second.id(), Map.of("later", 1), Map.of("later", 1), Map.of("later", "later"));
      jsc.setJobGroup("progress-second", "progress test, second batch", false);
      jsc.parallelize(List.of(0), 1).foreach(i -> second.add(new TaskProgress("later", 1, 0.0)));
      firstJob.join(30_000);
      awaitLines(buffer, 2);
    } finally {
      spark.sparkContext().removeSparkListener(progress);
      jsc.clearJobGroup();
    }
    String out = buffer.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("] earlier: 1 layers,") && out.contains("] later: 1 layers,"), out);
    assertEquals(2, out.lines().count(), out);
  }

  /** Waits (up to 30 s) until the listener bus has delivered the events that print {@code n} lines. */
  private static void awaitLines(ByteArrayOutputStream buffer, int n) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (buffer.toString(StandardCharsets.UTF_8).lines().count() < n && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }
}
