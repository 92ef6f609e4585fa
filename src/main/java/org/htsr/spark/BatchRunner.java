package org.htsr.spark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.htsr.table.CheckpointConfig;
import org.htsr.table.CheckpointRows;
import org.htsr.table.LayerRows;
import org.htsr.table.RowKey;
import org.htsr.table.TableStore;
import org.htsr.table.Tables;

/**
 * One batch of checkpoints: plan on executors (headers only) → analyse one task per tensor,
 * largest first → stage the rows → one atomic commit. Only plans and small summaries reach the
 * driver; layer rows and eigenvalues go from executors straight to Parquet.
 */
final class BatchRunner {

  private final SparkSession spark;
  private final JavaSparkContext jsc;
  private final TaskSettings settings;
  private final SerializableHadoopConf hadoopConf;
  private final TableStore store;
  private final ProgressTracker progress;
  private final RunTimings timings;

  BatchRunner(SparkSession spark, TaskSettings settings, TableStore store, ProgressTracker progress, RunTimings timings) {
    this.spark = spark;
    this.jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    this.settings = settings;
    this.hadoopConf = new SerializableHadoopConf(spark.sparkContext().hadoopConfiguration());
    this.store = store;
    this.progress = progress;
    this.timings = timings;
  }

  /**
   * @param previousBatch for checkpoints analysed before with this configuration, the batch that
   *     holds their rows (they are superseded by this batch)
   */
  List<CheckpointRows.Summary> run(String batch, List<CheckpointRef> refs, Map<String, String> previousBatch) {
    TaskSettings s = settings;
    SerializableHadoopConf conf = hadoopConf;
    long planStart = System.nanoTime();
    List<PlanOutcome> plans = HeaderPlanner.plan(refs, s, conf);

    List<LayerTask> tasks = new ArrayList<>();
    for (PlanOutcome p : plans) {
      tasks.addAll(p.tasks());
      if (p.tasks().isEmpty()) {
        progress.finishedWithoutTasks(p.checkpoint().uri(), label(p.checkpoint()), p.failed() ? "failed: " + p.errorClass() : "no layers");
      }
    }
    tasks.sort(Comparator.comparingDouble(LayerTask::cost).reversed());
    timings.addListing(RunTimings.since(planStart));

    List<LayerSummary> summaries = List.of();
    JavaRDD<TaskOutcome> outcomes = null;
    if (!tasks.isEmpty()) {
      String group = "htsr-analyze-" + batch;
      Map<String, Integer> layersPer = new HashMap<>();
      Map<String, String> labels = new HashMap<>();
      List<String> partitionCheckpoint = new ArrayList<>();
      for (LayerTask t : tasks) {
        partitionCheckpoint.add(t.checkpoint().uri());
        layersPer.merge(t.checkpoint().uri(), t.layers(), Integer::sum);
        labels.put(t.checkpoint().uri(), label(t.checkpoint()));
      }
      progress.track(group, partitionCheckpoint, layersPer, labels);
      jsc.setJobGroup(group, "htsr: analyse " + tasks.size() + " tensors of " + refs.size() + " checkpoints", false);
      outcomes = jsc.parallelize(tasks, tasks.size())
          .map(t -> ExecutorTasks.analyze(t, s, conf))
          .persist(StorageLevel.MEMORY_AND_DISK());
      summaries = outcomes.flatMap(o -> o.summaries().iterator()).collect();
      summaries.forEach(timings::addTask);
      jsc.setJobGroup("htsr-write-" + batch, "htsr: write batch " + batch, false);
    }
    long writeStart = System.nanoTime();
    // the four tables of a batch are staged by concurrent Spark jobs: their fixed costs overlap
    List<Runnable> writes = new ArrayList<>();
    if (outcomes != null) {
      JavaRDD<TaskOutcome> done = outcomes;
      int files = Math.max(1, tasks.size() / 256);
      writes.add(() -> stage(batch, Tables.LAYERS, done.flatMap(o -> o.layers().iterator()), files));
      writes.add(() -> stage(batch, Tables.ESD, done.flatMap(o -> o.esd().iterator()), Math.max(1, tasks.size() / 64)));
    }

    List<Row> failureRows = new ArrayList<>();
    List<Row> checkpointRows = new ArrayList<>();
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
      CheckpointRows.Summary summary = summarize(p, byCheckpoint.getOrDefault(ref.uri(), List.of()));
      checkpointRows.add(CheckpointRows.row(key, summary));
      result.add(summary);
    }
    Dataset<Row> failures = spark.createDataFrame(failureRows, Tables.schema(Tables.FAILURES));
    if (outcomes != null) {
      failures = failures.union(spark.createDataFrame(outcomes.flatMap(o -> o.failures().iterator()), Tables.schema(Tables.FAILURES)));
    }
    Dataset<Row> failuresFrame = failures;
    writes.add(() -> store.stage(batch, Tables.FAILURES, failuresFrame.coalesce(1)));
    writes.add(() -> store.stage(batch, Tables.CHECKPOINTS, spark.createDataFrame(checkpointRows, Tables.schema(Tables.CHECKPOINTS)).coalesce(1)));
    ConcurrentWrites.runAll(writes);

    Map<String, Set<CheckpointConfig>> superseded = new HashMap<>();
    for (CheckpointRef ref : refs) {
      String old = previousBatch.get(ref.uri());
      if (old != null) {
        superseded.computeIfAbsent(old, k -> new java.util.HashSet<>()).add(new CheckpointConfig(ref.uri(), settings.configHash()));
      }
    }
    store.commit(batch, settings.runId(), superseded);
    if (outcomes != null) {
      outcomes.unpersist(false);
    }
    timings.addWriting(RunTimings.since(writeStart));
    return result;
  }

  private void stage(String batch, String table, JavaRDD<Row> rows, int files) {
    store.stage(batch, table, spark.createDataFrame(rows, Tables.schema(table)).coalesce(files));
  }

  private RowKey key(CheckpointRef ref) {
    return new RowKey(settings.runId(), ref.model(), ref.uri(), ref.checkpointId(), ref.step(), settings.configHash());
  }

  private static CheckpointRows.Summary summarize(PlanOutcome p, List<LayerSummary> layers) {
    CheckpointRows.Means means = new CheckpointRows.Means();
    int failed = 0;
    double seconds = 0;
    for (LayerSummary l : layers) {
      seconds += l.seconds();
      if (!l.succeeded()) {
        failed++;
        continue;
      }
      means.add(l.alpha(), l.alphaWeighted(), l.logNorm(), l.logSpectralNorm(), l.logAlphaNorm(), l.stableRank());
    }
    CheckpointRef ref = p.checkpoint();
    return new CheckpointRows.Summary(
        ref.uri(), label(ref), p.format(), ref.bytes(), ref.modifiedMillis(), p.tensors(),
        layers.size(), failed, means, seconds, p.failed() ? p.message() : null);
  }

  static String label(CheckpointRef ref) {
    return ref.step() == null ? ref.model() : ref.model() + " step " + ref.step();
  }
}
