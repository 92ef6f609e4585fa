package org.htsr.spark;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Prints one line per finished checkpoint while a sweep runs: n/total, layers, seconds, ETA.
 * Listens to the analysis job's task ends: each partition is one tensor task, so a checkpoint is
 * done when its last partition finishes (retries are counted once).
 */
final class ProgressTracker extends SparkListener {

  private final PrintStream out;
  private final int totalCheckpoints;
  private final long startNanos = System.nanoTime();
  private int finishedCheckpoints;
  private String jobGroup;
  private final Set<Integer> stages = new HashSet<>();
  private List<String> partitionCheckpoint = List.of();
  private final Map<String, Integer> remaining = new HashMap<>();
  private final Map<String, Integer> layers = new HashMap<>();
  private final Map<String, Long> firstSeen = new HashMap<>();
  private final Set<Integer> donePartitions = new HashSet<>();
  private Map<String, String> labels = Map.of();

  ProgressTracker(PrintStream out, int totalCheckpoints) {
    this.out = out;
    this.totalCheckpoints = totalCheckpoints;
  }

  /**
   * Starts tracking one batch: partition i of the analysis job analyses tensors of checkpoint
   * partitionCheckpoint[i]; each checkpoint also waits for its distributed tasks, reported through
   * {@link #distributedTaskDone}.
   */
  synchronized void track(String group, List<String> partitionCheckpoint, Map<String, Integer> tasksPerCheckpoint,
      Map<String, Integer> layersPerCheckpoint, Map<String, String> labels) {
    this.jobGroup = group;
    this.stages.clear();
    this.donePartitions.clear();
    this.partitionCheckpoint = List.copyOf(partitionCheckpoint);
    this.labels = Map.copyOf(labels);
    remaining.clear();
    layers.clear();
    remaining.putAll(tasksPerCheckpoint);
    for (String c : tasksPerCheckpoint.keySet()) {
      firstSeen.putIfAbsent(c, System.nanoTime());
    }
    layers.putAll(layersPerCheckpoint);
  }

  /** One distributed task of {@code checkpoint} finished. */
  synchronized void distributedTaskDone(String checkpoint) {
    taskDone(checkpoint);
  }

  /** A checkpoint that finished without tasks (it failed to list, or has no layers). */
  synchronized void finishedWithoutTasks(String checkpoint, String label, String status) {
    finishedCheckpoints++;
    print(label, 0, 0, status);
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
    taskDone(partitionCheckpoint.get(partition));
  }

  private void taskDone(String checkpoint) {
    int left = remaining.merge(checkpoint, -1, Integer::sum);
    if (left == 0) {
      finishedCheckpoints++;
      double seconds = (System.nanoTime() - firstSeen.get(checkpoint)) / 1e9;
      print(labels.getOrDefault(checkpoint, checkpoint), layers.getOrDefault(checkpoint, 0), seconds, "ok");
    }
  }

  private void print(String label, int layerCount, double seconds, String status) {
    double elapsed = (System.nanoTime() - startNanos) / 1e9;
    int left = totalCheckpoints - finishedCheckpoints;
    String eta = finishedCheckpoints == 0 ? "?" : formatSeconds(elapsed / finishedCheckpoints * left);
    out.printf(Locale.ROOT, "[%d/%d] %s: %d layers, %.1f s, %s, ETA %s%n",
        finishedCheckpoints, totalCheckpoints, label, layerCount, seconds, status, eta);
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
