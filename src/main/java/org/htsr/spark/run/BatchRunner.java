package org.htsr.spark.run;

import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.htsr.linalg.BlasThreads;
import org.htsr.table.StagedPart;
import org.htsr.spark.discovery.CheckpointLabels;
import org.htsr.spark.discovery.CheckpointRef;
import org.htsr.spark.hadoop.SerializableHadoopConf;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.CollectionAccumulator;
import org.htsr.model.RowStatus;
import org.htsr.table.CheckpointConfig;
import org.htsr.io.metadata.MetadataCollector;
import org.htsr.io.metadata.MetadataEntry;
import org.htsr.table.CheckpointRows;
import org.htsr.table.MetadataRows;
import org.htsr.table.LayerRows;
import org.htsr.table.RowKey;
import org.htsr.table.TableStore;
import org.htsr.table.Tables;

/**
 * One batch of checkpoints: plan on the driver (headers only) → analyse one task per tensor,
 * largest first ({@link #analyse}) → stage the rows ({@link #startWrite}) → one atomic commit
 * ({@link #finish}, which {@link BatchPipeline} runs beside the next batch's analysis). Only plans
 * and small summaries reach the driver; layer rows and eigenvalues go from executors straight to
 * Parquet.
 */
public final class BatchRunner {

  private final JavaSparkContext jsc;
  private final TaskSettings settings;
  private final MetadataCollector metadata;
  private final SerializableHadoopConf hadoopConf;
  private final TableStore store;
  private final ProgressTracker progress;
  private final RunTimings timings;
  private final CheckpointLabels labels;

  /** @param hadoopConf the file systems' configuration, for the driver's reads and the executors' */
  public BatchRunner(SparkContext sc, SerializableHadoopConf hadoopConf, TaskSettings settings, MetadataCollector metadata, TableStore store,
      ProgressTracker progress, RunTimings timings, CheckpointLabels labels) {
    this.jsc = JavaSparkContext.fromSparkContext(sc);
    this.settings = settings;
    this.metadata = metadata;
    this.hadoopConf = hadoopConf;
    this.store = store;
    this.progress = progress;
    this.timings = timings;
    this.labels = labels;
  }

  /**
   * A batch analysed: its plans and layer summaries on the driver, its rows in executor memory
   * ({@code outcomes}, persisted) and, for the distributed route, on the driver.
   */
  record Analysed(String batch, List<CheckpointRef> refs, Map<String, String> previousBatch, List<PlanOutcome> plans,
      List<LayerSummary> summaries, JavaRDD<TaskOutcome> outcomes, int localTasks, List<TaskOutcome> driverSide,
      Broadcast<SerializableHadoopConf> confOnExecutors) {}

  /** A batch's checkpoints and their plans (headers only): what its analysis starts from. */
  public record Planned(List<CheckpointRef> refs, List<PlanOutcome> plans) {}

  /**
   * Plans a batch: its checkpoints' headers, read on the driver. It needs no SparkContext, so a
   * run plans its first batch while Spark starts.
   */
  public static Planned plan(List<CheckpointRef> refs, TaskSettings settings, MetadataCollector metadata, SerializableHadoopConf conf,
      RunTimings timings) {
    long start = System.nanoTime();
    List<PlanOutcome> plans = HeaderPlanner.plan(refs, settings, metadata, conf);
    timings.addListing(RunTimings.since(start));
    return new Planned(refs, plans);
  }

  /** Plans a batch with this run's settings (see {@link #plan(List, TaskSettings, MetadataCollector, SerializableHadoopConf, RunTimings)}). */
  public Planned plan(List<CheckpointRef> refs) {
    return plan(refs, settings, metadata, hadoopConf, timings);
  }

  /**
   * Analyses a planned batch: the rows stay where the tasks made them.
   *
   * @param previousBatch for checkpoints analysed before with this configuration, the batch that
   *     holds their rows (they are superseded by this batch)
   */
  Analysed analyse(String batch, Planned planned, Map<String, String> previousBatch) {
    TaskSettings s = settings;
    SerializableHadoopConf conf = hadoopConf;
    List<CheckpointRef> refs = planned.refs();
    List<PlanOutcome> plans = planned.plans();

    List<LayerTask> tasks = new ArrayList<>();
    for (PlanOutcome p : plans) {
      tasks.addAll(p.tasks());
      if (p.tasks().isEmpty()) {
        progress.finishedWithoutTasks(labels.of(p.checkpoint()), p.failed() ? RowStatus.FAILED.label() + ": " + p.errorClass() : "no layers (" + p.tensorsSkipped() + " tensors skipped)");
      }
    }
    tasks.sort(Comparator.comparingDouble(LayerTask::cost).reversed());

    List<LayerTask> local = tasks.stream().filter(t -> t.route() == LayerTask.Route.LOCAL).toList();
    List<LayerTask> distributed = tasks.stream().filter(t -> t.route() == LayerTask.Route.DISTRIBUTED).toList();
    List<LayerSummary> summaries = new ArrayList<>();
    JavaRDD<TaskOutcome> outcomes = null;
    // the Hadoop configuration travels once per executor, not once per task (its deserialisation
    // showed in the task profile); the analysis and the write job share it
    Broadcast<SerializableHadoopConf> confOnExecutors = jsc.broadcast(conf);
    if (!tasks.isEmpty()) {
      String group = "htsr-analyze-" + batch;
      Map<String, Integer> tasksPer = new HashMap<>();
      Map<String, Integer> layersPer = new HashMap<>();
      Map<String, String> names = new HashMap<>();
      for (LayerTask t : tasks) {
        tasksPer.merge(t.checkpoint().uri(), 1, Integer::sum);
        layersPer.merge(t.checkpoint().uri(), t.layers(), Integer::sum);
        names.put(t.checkpoint().uri(), labels.of(t.checkpoint()));
      }
      // each task's successful layers and seconds reach the progress line with its Spark task's end
      CollectionAccumulator<TaskProgress> done = jsc.sc().collectionAccumulator("htsr tasks done " + batch);
      progress.track(group, done.id(), tasksPer, layersPer, names);
      if (!local.isEmpty()) {
        List<List<LayerTask>> sparkTasks = TaskGroups.of(local, jsc.defaultParallelism());
        jsc.setJobGroup(group, "htsr: analyse " + local.size() + " tasks of " + refs.size() + " checkpoints", false);
        outcomes = jsc.parallelize(sparkTasks, sparkTasks.size())
            .flatMap(tasksOfOneSparkTask -> {
              List<TaskOutcome> analysed = new ArrayList<>(tasksOfOneSparkTask.size());
              for (LayerTask t : tasksOfOneSparkTask) {
                long start = System.nanoTime();
                TaskOutcome o = ExecutorTasks.analyze(t, s, confOnExecutors.value());
                done.add(new TaskProgress(t.checkpoint().uri(), (int) o.summaries().stream().filter(LayerSummary::succeeded).count(),
                    RunTimings.since(start)));
                analysed.add(o);
              }
              return analysed.iterator();
            })
            .persist(StorageLevel.MEMORY_AND_DISK());
        summaries.addAll(outcomes.flatMap(o -> o.summaries().iterator()).collect());
      }
    }
    // layers too large for one executor: one distributed job each; their rows are small (M eigenvalues)
    List<TaskOutcome> driverSide = new ArrayList<>();
    for (LayerTask t : distributed) {
      long start = System.nanoTime();
      TaskOutcome o = DistributedLayers.analyze(jsc, t, s, conf);
      driverSide.add(o);
      summaries.addAll(o.summaries());
      progress.distributedTaskDone(t.checkpoint().uri(), RunTimings.since(start),
          (int) o.summaries().stream().filter(LayerSummary::succeeded).count());
    }
    summaries.forEach(timings::addTask);
    return new Analysed(batch, refs, previousBatch, plans, summaries, outcomes, local.size(), driverSide, confOnExecutors);
  }

  /**
   * A batch whose executors are writing their rows: {@code executorRows} is their write job (null
   * when the batch had no executor tasks), submitted at {@code startNanos}.
   */
  record Writing(Analysed analysed, JavaFutureAction<Void> executorRows, long startNanos) {

    /** Waits for the executors' write job, if the batch has one. */
    void awaitExecutorRows() {
      if (executorRows != null) {
        Causes.await(executorRows, "writing the tables");
      }
    }

    /** Cancels the executors' write job, if the batch has one: it will not be committed. */
    void cancelExecutorRows() {
      if (executorRows != null) {
        executorRows.cancel(true);
      }
    }
  }

  /**
   * Submits the executors' write job of an analysed batch and returns at once. Called before the
   * next batch's analysis job is submitted, so that Spark's FIFO scheduler runs the write tasks as
   * soon as a slot frees instead of after every task of the next batch: queued behind them, the
   * last two batches' writes ran one after the other at the run's end with a core idle
   * (docs/benchmarks.md N).
   */
  Writing startWrite(Analysed analysed) {
    long start = System.nanoTime();
    JavaRDD<TaskOutcome> outcomes = analysed.outcomes();
    if (outcomes == null) {
      return new Writing(analysed, null, start);
    }
    // the executors write their rows where they are, as plain Parquet files: one Spark job, no SQL
    // planning or code generation, no row through the driver
    StagedPart staged = store.stagedPart(analysed.batch());
    Broadcast<SerializableHadoopConf> confOnExecutors = analysed.confOnExecutors();
    int files = Math.max(1, analysed.localTasks() / 64);
    jsc.setJobGroup("htsr-write-" + analysed.batch(), "htsr: write batch " + analysed.batch(), false);
    try {
      JavaFutureAction<Void> written = outcomes.coalesce(files).foreachPartitionAsync(
          part -> writeRows(staged, confOnExecutors.value().get(), TaskContext.getPartitionId(), part));
      return new Writing(analysed, written, start);
    } finally {
      // the group is this thread's: the next batch's jobs must not be counted as this write
      jsc.clearJobGroup();
    }
  }

  /**
   * Writes the driver's rows of a batch whose executors are writing theirs ({@link #startWrite}),
   * waits for both and commits the batch. May run on another driver thread than {@link #analyse},
   * while the next batch is analysed; commits must come in batch order.
   */
  List<CheckpointRows.Summary> finish(Writing writing) {
    Analysed analysed = writing.analysed();
    String batch = analysed.batch();
    List<CheckpointRef> refs = analysed.refs();
    Map<String, String> previousBatch = analysed.previousBatch();
    List<PlanOutcome> plans = analysed.plans();
    List<LayerSummary> summaries = analysed.summaries();
    List<TaskOutcome> driverSide = analysed.driverSide();
    List<Row> failureRows = new ArrayList<>();
    List<Row> checkpointRows = new ArrayList<>();
    List<Row> metadataRows = new ArrayList<>();
    List<CheckpointRows.Summary> result = new ArrayList<>();
    Map<String, List<LayerSummary>> byCheckpoint = new LinkedHashMap<>();
    for (LayerSummary l : summaries) {
      byCheckpoint.computeIfAbsent(l.checkpoint(), k -> new ArrayList<>()).add(l);
    }
    for (PlanOutcome p : plans) {
      CheckpointRef ref = p.checkpoint();
      RowKey key = key(ref);
      if (p.failed()) {
        failureRows.add(LayerRows.checkpointFailure(key, "list", p.errorClass(), p.message()));
      }
      for (MetadataEntry e : p.metadata().entries()) {
        metadataRows.add(MetadataRows.row(key, e.key(), e.value(), e.number(), e.source().label()));
      }
      CheckpointRows.Summary summary = summarize(p, labels.of(ref), byCheckpoint.getOrDefault(ref.uri(), List.of()));
      checkpointRows.add(CheckpointRows.row(key, summary));
      result.add(summary);
    }
    // the driver's own rows (the distributed route's layers, listing failures, checkpoints,
    // metadata) go to Parquet from here, while the executors write theirs
    List<Row> driverLayers = new ArrayList<>();
    List<Row> driverEsd = new ArrayList<>();
    for (TaskOutcome o : driverSide) {
      driverLayers.addAll(o.layers());
      driverEsd.addAll(o.esd());
      failureRows.addAll(o.failures());
    }
    try {
      store.stage(batch, Tables.LAYERS, driverLayers);
      store.stage(batch, Tables.ESD, driverEsd);
      store.stage(batch, Tables.FAILURES, failureRows);
      store.stage(batch, Tables.METADATA, metadataRows);
      store.stage(batch, Tables.CHECKPOINTS, checkpointRows);
    } catch (RuntimeException | Error e) {
      writing.cancelExecutorRows();
      throw e;
    }
    writing.awaitExecutorRows();

    Map<String, Set<CheckpointConfig>> superseded = new HashMap<>();
    for (CheckpointRef ref : refs) {
      String old = previousBatch.get(ref.uri());
      if (old != null) {
        superseded.computeIfAbsent(old, k -> new java.util.HashSet<>()).add(new CheckpointConfig(ref.uri(), settings.configHash()));
      }
    }
    store.commit(batch, settings.runId(), superseded);
    if (analysed.outcomes() != null) {
      analysed.outcomes().unpersist(false);
    }
    timings.addWriting(RunTimings.since(writing.startNanos()));
    return result;
  }

  /** One partition of a batch's task outcomes, written to its own files of the staged tables. */
  private static void writeRows(StagedPart staged, org.apache.hadoop.conf.Configuration conf, int partition, Iterator<TaskOutcome> outcomes)
      throws java.io.IOException {
    // it runs beside the next batch's tasks: its core is not lent to their BLAS calls
    try (BlasThreads.Lease core = BlasThreads.taskRunning(); StagedPart.Writers files = staged.open(conf, partition)) {
      while (outcomes.hasNext()) {
        TaskOutcome o = outcomes.next();
        for (Row r : o.layers()) {
          files.write(Tables.LAYERS, r);
        }
        for (Row r : o.esd()) {
          files.write(Tables.ESD, r);
        }
        for (Row r : o.failures()) {
          files.write(Tables.FAILURES, r);
        }
      }
    }
  }

  private RowKey key(CheckpointRef ref) {
    return settings.rowKey(ref);
  }

  private static CheckpointRows.Summary summarize(PlanOutcome p, String label, List<LayerSummary> layers) {
    CheckpointRows.Means means = new CheckpointRows.Means();
    int failed = 0;
    double seconds = 0;
    for (LayerSummary l : layers) {
      seconds += l.seconds();
      if (!l.succeeded()) {
        failed++;
        continue;
      }
      means.add("alpha", l.alpha());
      means.add("alpha_weighted", l.alphaWeighted());
      means.add("log_norm", l.logNorm());
      means.add("log_spectral_norm", l.logSpectralNorm());
      means.add("log_alpha_norm", l.logAlphaNorm());
      means.add("stable_rank", l.stableRank());
      means.add("mp_softrank", l.mpSoftrank());
      means.addPhase(l.phase());
    }
    CheckpointRef ref = p.checkpoint();
    // a task that failed as a whole fails its checkpoint, so that a re-run retries it
    String taskError = layers.stream().map(LayerSummary::taskError).filter(e -> e != null).findFirst().orElse(null);
    return new CheckpointRows.Summary(
        ref.uri(), label, p.format(), ref.bytes(), ref.modifiedMillis(), p.tensors(), p.tensorsSkipped(),
        layers.size(), failed, means, seconds, p.failed() ? p.message() : taskError);
  }
}
