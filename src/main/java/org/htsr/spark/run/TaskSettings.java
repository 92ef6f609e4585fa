package org.htsr.spark.run;

import org.htsr.spark.discovery.CheckpointRef;
import java.io.Serializable;
import java.util.List;
import java.util.OptionalLong;
import org.htsr.analysis.CheckpointAnalyzer;
import org.htsr.analysis.LayerAnalyzer;
import org.htsr.analysis.LayerPlanner;
import org.htsr.analysis.LayerSelection;
import org.htsr.analysis.Pooling;
import org.htsr.config.AnalyzeSettings;
import org.htsr.config.DistributedRoute;
import org.htsr.linalg.SolverChoice;
import org.htsr.linalg.SpectrumSolvers;
import org.htsr.analysis.Randomization;
import org.htsr.stats.FitMode;
import org.htsr.stats.PowerLawFitters;
import org.htsr.table.RowKey;

/**
 * What an executor needs to analyse a tensor, in a serializable form (the numerical core's option
 * records hold Optionals, which are not).
 */
public record TaskSettings(
    Pooling pooling,
    long minEvals,
    boolean wwCompat,
    SolverChoice solver,
    long distributedThreshold,
    DistributedRoute route,
    FitMode fit,
    boolean randomize,
    long seed,
    long maxTensorElements,
    long executorTaskLimit,
    String runId,
    String configHash)
    implements Serializable {

  /**
   * @param executorTaskLimit the largest tensor, in elements, an executor's task would load (its
   *     per-task limit as the driver estimates it); with --solver auto, larger 2-D tensors go the
   *     distributed route instead of failing as too large
   */
  public static TaskSettings of(AnalyzeSettings s, String runId, long executorTaskLimit) {
    return new TaskSettings(
        s.pooling(), s.minEvals(), s.wwCompat(), s.solver(), s.distributedThreshold(), s.route(), s.fit(), s.randomize(), s.seed(),
        s.taskElementLimit(), executorTaskLimit, runId, s.configHash());
  }

  /** The identity columns of every row this run writes for {@code ref}: built here, and only here. */
  RowKey rowKey(CheckpointRef ref) {
    return new RowKey(runId, ref.model(), ref.uri(), ref.checkpointId(), ref.step(), configHash);
  }

  LayerSelection selection() {
    LayerSelection base = new LayerSelection(pooling, minEvals, OptionalLong.empty(), OptionalLong.empty());
    return wwCompat ? base.weightWatcherLimits() : base;
  }

  LayerPlanner planner() {
    return new LayerPlanner(selection());
  }

  /**
   * What the analyzer depends on: an executor builds one analyzer per distinct key
   * ({@link ExecutorCache}); the run's id and the limits of routing do not
   * change it.
   */
  List<Object> analyzerKey() {
    return List.of(pooling, minEvals, wwCompat, solver, fit, randomize, seed, maxTensorElements);
  }

  /** Built on the executor: solvers hold native handles. */
  CheckpointAnalyzer analyzer() {
    return new CheckpointAnalyzer(planner(), layerAnalyzer(), effectiveMaxElements());
  }

  LayerAnalyzer layerAnalyzer() {
    return new LayerAnalyzer(SpectrumSolvers.local(solver), PowerLawFitters.forMode(fit),
        randomize ? Randomization.seeded(seed) : Randomization.off());
  }

  /**
   * Whether a tensor goes the distributed route: 2-D tensors only (conv and stacked slices are
   * small), always with --solver distributed; with --solver auto, above the threshold or above what
   * an executor's task would load.
   */
  boolean distributes(org.htsr.model.TensorInfo tensor) {
    if (tensor.rank() != 2) {
      return false;
    }
    return switch (solver) {
      case DISTRIBUTED -> true;
      case AUTO -> tensor.elementCount() > Math.min(distributedThreshold, executorTaskLimit);
      case GRAM, SVD -> false;
    };
  }

  /** What one executor task may hold, in bytes: its tensor limit in doubles. */
  org.htsr.io.MemoryBudget executorBudget() {
    return new org.htsr.io.MemoryBudget(org.htsr.io.MemoryBudget.times(Math.max(1, executorTaskLimit), Double.BYTES));
  }

  /** The per-task tensor limit: as configured, or a quarter of this JVM's heap in doubles. */
  long effectiveMaxElements() {
    return maxTensorElements > 0 ? maxTensorElements : heapLimit(Runtime.getRuntime().maxMemory());
  }

  /** The default per-task limit for a JVM heap of {@code heapBytes}: a quarter of it, in doubles. */
  static long heapLimit(long heapBytes) {
    return heapBytes / 4 / Double.BYTES;
  }

  /**
   * The driver's estimate of an executor task's limit: the configured one, else a quarter of the
   * executor heap in doubles — this JVM's heap in local mode, 90% of {@code spark.executor.memory}
   * on a cluster (the JVM reports a little less than -Xmx as its maximum heap).
   */
  public static long executorTaskLimit(AnalyzeSettings s, org.apache.spark.SparkConf conf, boolean localMode) {
    if (s.taskElementLimit() > 0) {
      return s.taskElementLimit();
    }
    long heap = localMode ? Runtime.getRuntime().maxMemory() : conf.getSizeAsBytes("spark.executor.memory", "1g") / 10 * 9;
    return heapLimit(heap);
  }
}
