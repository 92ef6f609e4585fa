package org.htsr.spark.run;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.htsr.model.RowStatus;

/**
 * Prints one line per finished checkpoint while a sweep runs: n/total, layers (and how many
 * failed), the seconds its tasks took, its status, ETA. Listens to the analysis jobs' task ends
 * (a batch's, and the previous batch's, whose last ends may arrive after the next one is tracked):
 * each {@link LayerTask} reports its checkpoint, successful layers and seconds ({@link
 * TaskProgress}) through a named accumulator, which arrives with its Spark task's end (a Spark
 * task may run several: {@link TaskGroups}); a checkpoint is done when its last task is, and a
 * retried Spark task is counted once.
 */
public final class ProgressTracker extends SparkListener {

  private final PrintStream out;
  private final int totalCheckpoints;
  private final long startNanos = System.nanoTime();
  private int finishedCheckpoints;
  /** Batches by their analysis job's group: the next batch is tracked while the listener bus may still deliver this one's task ends. */
  private final Map<String, Batch> batches = new HashMap<>();
  private final Map<Integer, Batch> byStage = new HashMap<>();
  /** The batch tracked last: the one whose distributed tasks run now. */
  private Batch current;

  /** One batch's checkpoints and what their tasks have reported. */
  private static final class Batch {
    private final long doneAccumulator;
    private final Map<String, String> labels;
    private final Map<String, Integer> remaining;
    private final Map<String, Integer> layers;
    private final Map<String, Integer> succeeded = new HashMap<>();
    private final Map<String, Double> seconds = new HashMap<>();
    private final Set<Integer> donePartitions = new HashSet<>();

    private Batch(long doneAccumulator, Map<String, Integer> tasksPerCheckpoint, Map<String, Integer> layersPerCheckpoint,
        Map<String, String> labels) {
      this.doneAccumulator = doneAccumulator;
      this.remaining = new HashMap<>(tasksPerCheckpoint);
      this.layers = Map.copyOf(layersPerCheckpoint);
      this.labels = Map.copyOf(labels);
    }
  }

  public ProgressTracker(PrintStream out, int totalCheckpoints) {
    this.out = out;
    this.totalCheckpoints = totalCheckpoints;
  }

  /**
   * Starts tracking one batch: each Spark task of the analysis job of group {@code group} adds a
   * {@link TaskProgress} per task it ran to the collection accumulator {@code doneId}; each
   * checkpoint is done when its {@code tasksPerCheckpoint} tasks are, the distributed ones reported
   * through {@link #distributedTaskDone}. Batches tracked before go on being tracked until they are
   * done.
   */
  synchronized void track(String group, long doneId, Map<String, Integer> tasksPerCheckpoint, Map<String, Integer> layersPerCheckpoint,
      Map<String, String> labels) {
    current = new Batch(doneId, tasksPerCheckpoint, layersPerCheckpoint, labels);
    batches.put(group, current);
  }

  /** One distributed task of {@code checkpoint} (of the batch tracked last) finished, after {@code taskSeconds}, with its successful layers. */
  synchronized void distributedTaskDone(String checkpoint, double taskSeconds, int succeededLayers) {
    taskDone(current, checkpoint, taskSeconds, succeededLayers);
  }

  /** A checkpoint that finished without tasks (it failed to list, or has no layers). */
  synchronized void finishedWithoutTasks(String label, String status) {
    finishedCheckpoints++;
    print(label, "0 layers", 0, status);
  }

  @Override
  public synchronized void onJobStart(SparkListenerJobStart jobStart) {
    String group = jobStart.properties() == null ? null : jobStart.properties().getProperty("spark.jobGroup.id");
    Batch batch = group == null ? null : batches.get(group);
    if (batch != null) {
      for (Object id : scala.jdk.javaapi.CollectionConverters.asJava(jobStart.stageIds())) {
        byStage.put((Integer) id, batch);
      }
    }
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    Batch batch = byStage.get(taskEnd.stageId());
    if (batch == null || !taskEnd.taskInfo().successful()) {
      return;
    }
    if (!batch.donePartitions.add(taskEnd.taskInfo().index())) {
      return; // a retry of a partition already counted
    }
    for (TaskProgress done : reported(batch, taskEnd)) {
      taskDone(batch, done.checkpoint(), done.seconds(), done.succeededLayers());
    }
  }

  /** The Spark task's update of the batch's accumulator: one entry per task it ran. */
  private static List<TaskProgress> reported(Batch batch, SparkListenerTaskEnd taskEnd) {
    List<TaskProgress> done = new ArrayList<>();
    for (AccumulableInfo info : scala.jdk.javaapi.CollectionConverters.asJava(taskEnd.taskInfo().accumulables())) {
      if (info.id() == batch.doneAccumulator && info.update().isDefined() && info.update().get() instanceof List<?> update) {
        for (Object o : update) {
          if (o instanceof TaskProgress p) {
            done.add(p);
          }
        }
      }
    }
    return done;
  }

  private void taskDone(Batch batch, String checkpoint, double taskSeconds, int succeededLayers) {
    batch.seconds.merge(checkpoint, taskSeconds, Double::sum);
    batch.succeeded.merge(checkpoint, succeededLayers, Integer::sum);
    int left = batch.remaining.merge(checkpoint, -1, Integer::sum);
    if (left == 0) {
      finishedCheckpoints++;
      int total = batch.layers.getOrDefault(checkpoint, 0);
      int failed = Math.max(0, total - batch.succeeded.get(checkpoint));
      String status = failed > 0 && failed == total ? RowStatus.FAILED.label() + ": every layer failed" : "ok";
      print(batch.labels.getOrDefault(checkpoint, checkpoint), total + " layers" + (failed > 0 ? " (" + failed + " failed)" : ""),
          batch.seconds.get(checkpoint), status);
      if (batch.remaining.values().stream().allMatch(n -> n <= 0)) {
        // every checkpoint of the batch is done: a run of thousands of batches keeps none of them
        batches.values().remove(batch);
        byStage.values().removeIf(b -> b == batch);
      }
    }
  }

  private void print(String label, String layerCount, double taskSeconds, String status) {
    double elapsed = (System.nanoTime() - startNanos) / 1e9;
    int left = totalCheckpoints - finishedCheckpoints;
    String eta = finishedCheckpoints == 0 ? "?" : formatSeconds(elapsed / finishedCheckpoints * left);
    out.printf(Locale.ROOT, "[%d/%d] %s: %s, %.1f s, %s, ETA %s%n",
        finishedCheckpoints, totalCheckpoints, label, layerCount, taskSeconds, status, eta);
    out.flush();
  }

  private static String formatSeconds(double s) {
    if (s < 90) {
      return String.format(Locale.ROOT, "%.0f s", s);
    }
    if (s < 5400) {
      return String.format(Locale.ROOT, "%.1f min", s / 60);
    }
    return String.format(Locale.ROOT, "%.1f h", s / 3600);
  }
}
