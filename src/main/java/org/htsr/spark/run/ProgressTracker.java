package org.htsr.spark.run;

import java.io.PrintStream;
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
 * failed), the seconds its tasks took, its status, ETA. Listens to the analysis job's task ends:
 * each partition is one task of one checkpoint, so a checkpoint is done when its last partition
 * finishes (retries are counted once); each task reports its successful layers through a named
 * accumulator, which arrives with the task's end.
 */
public final class ProgressTracker extends SparkListener {

  private final PrintStream out;
  private final int totalCheckpoints;
  private final long startNanos = System.nanoTime();
  private int finishedCheckpoints;
  private String jobGroup;
  private long succeededAccumulator = -1;
  private final Set<Integer> stages = new HashSet<>();
  private List<String> partitionCheckpoint = List.of();
  private final Map<String, Integer> remaining = new HashMap<>();
  private final Map<String, Integer> layers = new HashMap<>();
  private final Map<String, Integer> succeeded = new HashMap<>();
  private final Map<String, Double> seconds = new HashMap<>();
  private final Set<Integer> donePartitions = new HashSet<>();
  private Map<String, String> labels = Map.of();

  public ProgressTracker(PrintStream out, int totalCheckpoints) {
    this.out = out;
    this.totalCheckpoints = totalCheckpoints;
  }

  /**
   * Starts tracking one batch: partition i of the analysis job analyses tensors of checkpoint
   * partitionCheckpoint[i] and adds its successful layers to the accumulator {@code succeededId};
   * each checkpoint also waits for its distributed tasks, reported through
   * {@link #distributedTaskDone}.
   */
  synchronized void track(String group, long succeededId, List<String> partitionCheckpoint, Map<String, Integer> tasksPerCheckpoint,
      Map<String, Integer> layersPerCheckpoint, Map<String, String> labels) {
    this.jobGroup = group;
    this.succeededAccumulator = succeededId;
    this.stages.clear();
    this.donePartitions.clear();
    this.partitionCheckpoint = List.copyOf(partitionCheckpoint);
    this.labels = Map.copyOf(labels);
    remaining.clear();
    layers.clear();
    succeeded.clear();
    seconds.clear();
    remaining.putAll(tasksPerCheckpoint);
    layers.putAll(layersPerCheckpoint);
  }

  /** One distributed task of {@code checkpoint} finished, after {@code taskSeconds}, with its successful layers. */
  synchronized void distributedTaskDone(String checkpoint, double taskSeconds, int succeededLayers) {
    taskDone(checkpoint, taskSeconds, succeededLayers);
  }

  /** A checkpoint that finished without tasks (it failed to list, or has no layers). */
  synchronized void finishedWithoutTasks(String label, String status) {
    finishedCheckpoints++;
    print(label, "0 layers", 0, status);
  }

  @Override
  public synchronized void onJobStart(SparkListenerJobStart jobStart) {
    String group = jobStart.properties() == null ? null : jobStart.properties().getProperty("spark.jobGroup.id");
    if (group != null && group.equals(jobGroup)) {
      for (Object id : scala.jdk.javaapi.CollectionConverters.asJava(jobStart.stageIds())) {
        stages.add((Integer) id);
      }
    }
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    if (!stages.contains(taskEnd.stageId()) || !taskEnd.taskInfo().successful()) {
      return;
    }
    int partition = taskEnd.taskInfo().index();
    if (partition >= partitionCheckpoint.size() || !donePartitions.add(partition)) {
      return;
    }
    taskDone(partitionCheckpoint.get(partition), taskEnd.taskInfo().duration() / 1e3, succeededLayers(taskEnd));
  }

  /** The task's update of the successful-layers accumulator (Spark leaves out zero updates). */
  private int succeededLayers(SparkListenerTaskEnd taskEnd) {
    for (AccumulableInfo info : scala.jdk.javaapi.CollectionConverters.asJava(taskEnd.taskInfo().accumulables())) {
      if (info.id() == succeededAccumulator && info.update().isDefined()) {
        return ((Number) info.update().get()).intValue();
      }
    }
    return 0;
  }

  private void taskDone(String checkpoint, double taskSeconds, int succeededLayers) {
    seconds.merge(checkpoint, taskSeconds, Double::sum);
    succeeded.merge(checkpoint, succeededLayers, Integer::sum);
    int left = remaining.merge(checkpoint, -1, Integer::sum);
    if (left == 0) {
      finishedCheckpoints++;
      int total = layers.getOrDefault(checkpoint, 0);
      int failed = Math.max(0, total - succeeded.get(checkpoint));
      String status = failed > 0 && failed == total ? RowStatus.FAILED.label() + ": every layer failed" : "ok";
      print(labels.getOrDefault(checkpoint, checkpoint), total + " layers" + (failed > 0 ? " (" + failed + " failed)" : ""),
          seconds.get(checkpoint), status);
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
