package org.htsr.spark.run;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.htsr.table.CheckpointRows;

/**
 * A run's batches, each analysed while the one before it is written and committed on a driver
 * thread of its own. Alone, a batch's write job (one task per 64 of its tasks) and its commit left
 * the other cores idle between two analyses (docs/benchmarks.md K). Commits stay in batch order and
 * one at a time: a batch is handed to the committer only once the previous one is committed, so
 * at most two batches' rows are held at once and a crash still leaves at most one batch staged
 * and uncommitted. A failed write or commit ends the run once the next batch's analysis returns
 * (before, at once); what was committed before it stays.
 */
public final class BatchPipeline implements AutoCloseable {

  private final BatchRunner runner;
  private final ExecutorService committer = Executors.newSingleThreadExecutor(DriverThreads.named("htsr-batch-commit"));
  private final Consumer<List<CheckpointRows.Summary>> committed;
  private Future<List<CheckpointRows.Summary>> inFlight;

  /**
   * @param committed takes each committed batch's checkpoint summaries, in batch order, on the
   *     thread that submits (so that a run that stops counts what it committed)
   */
  public BatchPipeline(BatchRunner runner, Consumer<List<CheckpointRows.Summary>> committed) {
    this.runner = runner;
    this.committed = committed;
  }

  /**
   * Analyses a planned batch on this thread (while the previous batch is written), then, once the
   * previous one is committed, submits its executors' write job from this thread (so that it runs
   * before the next batch's tasks) and hands it to the committer.
   */
  public void submit(String batch, BatchRunner.Planned planned, Map<String, String> previousBatch) {
    BatchRunner.Analysed analysed = runner.analyse(batch, planned, previousBatch);
    awaitInFlight();
    BatchRunner.Writing writing = runner.startWrite(analysed);
    inFlight = committer.submit(() -> runner.finish(writing));
  }

  /** Waits for the last batch's commit. */
  public void finish() {
    awaitInFlight();
  }

  private void awaitInFlight() {
    if (inFlight == null) {
      return;
    }
    Future<List<CheckpointRows.Summary>> pending = inFlight;
    inFlight = null;
    committed.accept(Causes.await(pending, "writing a batch"));
  }

  /**
   * Waits for a commit still in flight, then stops the committer: a run that stops (the next
   * batch's analysis failed) must not record its end while a batch is being committed. A failure of
   * that commit is thrown, and try-with-resources adds it to the one that ended the run.
   */
  @Override
  public void close() {
    try {
      awaitInFlight();
    } finally {
      committer.shutdownNow();
    }
  }
}
