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
import org.apache.spark.util.LongAccumulator;
import org.htsr.testing.LocalSpark;
import org.junit.jupiter.api.Test;

/**
 * The progress line of a checkpoint, from a real Spark job on local[2]: its seconds are its own
 * tasks' time, not the time since its batch began; a checkpoint whose every layer failed is not
 * "ok".
 */
class ProgressTrackerTest {

  @Test
  void secondsArePerCheckpointAndAllFailedIsNotOk() throws Exception {
    SparkSession spark = LocalSpark.session();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    ProgressTracker progress = new ProgressTracker(new PrintStream(buffer, true, StandardCharsets.UTF_8), 2);
    LongAccumulator succeeded = spark.sparkContext().longAccumulator("test layers succeeded");
    // partitions 0 and 1 are checkpoint "slow" (2 s each, both layers fail), partition 2 is "quick":
    // on two slots "quick" starts only after 2 s, so time since the batch began would be ≥ 2 s
    progress.track("progress-test", succeeded.id(), List.of("slow", "slow", "quick"),
        Map.of("slow", 2, "quick", 1), Map.of("slow", 2, "quick", 1), Map.of("slow", "slow", "quick", "quick"));
    spark.sparkContext().addSparkListener(progress);
    try {
      jsc.setJobGroup("progress-test", "progress test", false);
      jsc.parallelize(List.of(0, 1, 2), 3).foreach(i -> {
        Thread.sleep(i < 2 ? 2000 : 100);
        if (i == 2) {
          succeeded.add(1);
        }
      });
      awaitLines(buffer, 2);
    } finally {
      spark.sparkContext().removeSparkListener(progress);
      jsc.clearJobGroup();
    }
    String out = buffer.toString(StandardCharsets.UTF_8);
    Matcher quick = Pattern.compile("\\] quick: 1 layers, ([0-9.]+) s, ok,").matcher(out);
    Matcher slow = Pattern.compile("\\] slow: 2 layers \\(2 failed\\), ([0-9.]+) s, failed: every layer failed,").matcher(out);
    assertTrue(quick.find() && slow.find(), out);
    assertTrue(Double.parseDouble(quick.group(1)) < 1.5, "quick's own task took ~0.1 s: " + out);
    assertTrue(Double.parseDouble(slow.group(1)) >= 3.9, "slow's two tasks took 2 s each: " + out);
    assertEquals(2, out.lines().count(), out);
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
    LongAccumulator first = spark.sparkContext().longAccumulator("test layers succeeded, first batch");
    LongAccumulator second = spark.sparkContext().longAccumulator("test layers succeeded, second batch");
    progress.track("progress-first", first.id(), List.of("earlier"), Map.of("earlier", 1), Map.of("earlier", 1),
        Map.of("earlier", "earlier"));
    spark.sparkContext().addSparkListener(progress);
    Thread firstJob = new Thread(() -> {
      jsc.setJobGroup("progress-first", "progress test, first batch", false);
      jsc.parallelize(List.of(0), 1).foreach(i -> {
        Thread.sleep(1500);
        first.add(1);
      });
    });
    try {
      firstJob.start();
      Thread.sleep(500); // the first job has started and its task sleeps
      progress.track("progress-second", second.id(), List.of("later"), Map.of("later", 1), Map.of("later", 1),
          Map.of("later", "later"));
      jsc.setJobGroup("progress-second", "progress test, second batch", false);
      jsc.parallelize(List.of(0), 1).foreach(i -> second.add(1));
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
