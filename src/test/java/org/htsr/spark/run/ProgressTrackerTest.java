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

  /** A tracker that prints into a buffer, and the test session it listens to once {@link #listen} is called. */
  private static final class Printed implements AutoCloseable {
    private final SparkSession spark = LocalSpark.session();
    private final JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final ProgressTracker progress;

    private Printed(int checkpoints) {
      progress = new ProgressTracker(new PrintStream(buffer, true, StandardCharsets.UTF_8), checkpoints);
    }

    private CollectionAccumulator<TaskProgress> accumulator(String name) {
      return spark.sparkContext().collectionAccumulator(name);
    }

    private void listen() {
      spark.sparkContext().addSparkListener(progress);
    }

    /** The lines printed, once there are {@code n} (or after 30 s): the listener bus delivers them late. */
    private String awaitLines(int n) throws InterruptedException {
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (buffer.toString(StandardCharsets.UTF_8).lines().count() < n && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      return buffer.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
      spark.sparkContext().removeSparkListener(progress);
      jsc.clearJobGroup();
    }
  }

  @Test
  void secondsArePerCheckpointAndAllFailedIsNotOk() throws Exception {
    String out;
    try (Printed printed = new Printed(3)) {
      ProgressTracker progress = printed.progress;
      JavaSparkContext jsc = printed.jsc;
      CollectionAccumulator<TaskProgress> done = printed.accumulator("test tasks done");
      // Spark task 0 runs two tasks of checkpoint "slow" (2 s each, both layers fail), Spark task 1
      // runs "other" (1 s), then "quick" (0.1 s): quick's line has its own 0.1 s, not its Spark
      // task's 1.1 s
      progress.track("progress-test", done.id(), Map.of("slow", 2, "quick", 1, "other", 1), Map.of("slow", 2, "quick", 1, "other", 1),
          Map.of("slow", "slow", "quick", "quick", "other", "other"));
      printed.listen();
      jsc.setJobGroup("progress-test", "progress test", false);
      jsc.parallelize(List.of(List.of("slow", "slow"), List.of("other", "quick")), 2).foreach(checkpoints -> {
        for (String c : checkpoints) {
          long start = System.nanoTime();
          Thread.sleep(c.equals("slow") ? 2000 : c.equals("other") ? 1000 : 100);
          done.add(new TaskProgress(c, c.equals("slow") ? 0 : 1, RunTimings.since(start)));
        }
      });
      out = printed.awaitLines(3);
    }
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
    String out;
    try (Printed printed = new Printed(2)) {
      ProgressTracker progress = printed.progress;
      JavaSparkContext jsc = printed.jsc;
      CollectionAccumulator<TaskProgress> first = printed.accumulator("test tasks done, first batch");
      CollectionAccumulator<TaskProgress> second = printed.accumulator("test tasks done, second batch");
      progress.track("progress-first", first.id(), Map.of("earlier", 1), Map.of("earlier", 1), Map.of("earlier", "earlier"));
      printed.listen();
      Thread firstJob = new Thread(() -> {
        jsc.setJobGroup("progress-first", "progress test, first batch", false);
        jsc.parallelize(List.of(0), 1).foreach(i -> {
          Thread.sleep(1500);
          first.add(new TaskProgress("earlier", 1, 1.5));
        });
      });
      firstJob.start();
      Thread.sleep(500); // the first job has started and its task sleeps
      progress.track("progress-second", second.id(), Map.of("later", 1), Map.of("later", 1), Map.of("later", "later"));
      jsc.setJobGroup("progress-second", "progress test, second batch", false);
      jsc.parallelize(List.of(0), 1).foreach(i -> second.add(new TaskProgress("later", 1, 0.0)));
      firstJob.join(30_000);
      out = printed.awaitLines(2);
    }
    assertTrue(out.contains("] earlier: 1 layers,") && out.contains("] later: 1 layers,"), out);
    assertEquals(2, out.lines().count(), out);
  }
}
