package org.htsr.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The driver reads checkpoint headers (only headers) to plan a batch's tasks, on a few threads so
 * that remote file systems' latency overlaps. Reading a header is a few small positioned reads;
 * running it as a Spark job would cost more in scheduling than it saves.
 */
final class HeaderPlanner {

  /** Concurrent header reads: enough to hide HDFS/S3 round trips, few enough to be polite. */
  static final int THREADS = 8;

  private HeaderPlanner() {}

  static List<PlanOutcome> plan(List<CheckpointRef> refs, TaskSettings settings, SerializableHadoopConf conf) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(THREADS, Math.max(1, refs.size())), r -> {
      Thread t = new Thread(r, "htsr-header-planner");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<PlanOutcome>> futures = new ArrayList<>();
      for (CheckpointRef ref : refs) {
        futures.add(pool.submit(() -> ExecutorTasks.plan(ref, settings, conf)));
      }
      List<PlanOutcome> plans = new ArrayList<>();
      for (Future<PlanOutcome> f : futures) {
        plans.add(f.get());
      }
      return plans;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading headers", e);
    } catch (ExecutionException e) {
      // plan() turns every expected failure into an outcome; anything else is a bug
      throw new IllegalStateException("header planning failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
