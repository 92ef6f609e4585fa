package org.htsr.spark.run;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.htsr.spark.discovery.CheckpointRef;

/**
 * A run's batch plans, each read (headers only) on a driver thread while the batch before it is
 * analysed: between two batches the cores otherwise waited for the next batch's headers (≈ 0.1 s
 * for 36 local zoo checkpoints; seconds where each header is a round trip to remote storage).
 */
public final class PlanAhead implements AutoCloseable {

  private final List<List<CheckpointRef>> batches;
  private final Function<List<CheckpointRef>, BatchRunner.Planned> plan;
  private final ExecutorService planner = Executors.newSingleThreadExecutor(DriverThreads.named("htsr-batch-planner"));
  private Future<BatchRunner.Planned> next;
  private int taken;

  /**
   * @param first the first batch's plan, made already (while Spark started)
   * @param plan how a batch is planned (BatchRunner's plan)
   */
  public PlanAhead(List<List<CheckpointRef>> batches, BatchRunner.Planned first, Function<List<CheckpointRef>, BatchRunner.Planned> plan) {
    this.batches = List.copyOf(batches);
    this.plan = plan;
    this.next = CompletableFuture.completedFuture(first);
  }

  public boolean hasNext() {
    return taken < batches.size();
  }

  /** The next batch's plan (waiting for it if need be); the one after it starts being read now. */
  public BatchRunner.Planned next() {
    BatchRunner.Planned planned = Causes.await(next, "planning a batch");
    taken++;
    if (taken < batches.size()) {
      List<CheckpointRef> refs = batches.get(taken);
      next = planner.submit(() -> plan.apply(refs));
    }
    return planned;
  }

  /** Stops reading ahead (a run that stops does not wait for the next batch's headers). */
  @Override
  public void close() {
    planner.shutdownNow();
  }
}
