package org.htsr.spark.run;

import org.htsr.spark.discovery.CheckpointRef;
import org.htsr.spark.hadoop.HadoopInputFiles;
import org.htsr.linalg.BlasThreads;
import org.htsr.linalg.GramEigenSolver;
import org.htsr.spark.hadoop.SerializableHadoopConf;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.htsr.analysis.CheckpointAnalyzer;
import org.htsr.io.CheckpointFormatException;
import org.htsr.io.formats.CheckpointFormats;
import org.htsr.io.CheckpointReader;
import org.htsr.io.InputFiles;
import org.htsr.model.LayerFailure;
import org.htsr.model.LayerResult;
import org.htsr.model.LayerSpec;
import org.htsr.model.TensorInfo;
import org.htsr.table.LayerRows;
import org.htsr.table.RowKey;

/**
 * The code that runs on executors: analysing the tensors of one task, reading their bytes where
 * they lie, through Hadoop's FileSystem.
 */
final class ExecutorTasks {

  private ExecutorTasks() {}

  /** {@link #analyze(LayerTask, TaskSettings, InputFiles)} reading through Hadoop's FileSystem. */
  static TaskOutcome analyze(LayerTask task, TaskSettings settings, SerializableHadoopConf conf) {
    // this task's core is busy until it ends: not lent to a big layer's calls in another task
    try (BlasThreads.Lease core = BlasThreads.taskRunning()) {
      return analyze(task, settings, new HadoopInputFiles(conf.get()));
    }
  }

  /**
   * Analyses the tensors of one task, as the driver planned them: its layer rows, ESD rows and
   * failure rows. The file is opened in the planned format; nothing is detected or planned here.
   */
  static TaskOutcome analyze(LayerTask task, TaskSettings settings, InputFiles files) {
    CheckpointRef ref = task.checkpoint();
    RowKey key = settings.rowKey(ref);
    CheckpointAnalyzer.Session analysis = ExecutorCache.analyzer(settings).session();
    List<LayerResult> results;
    // a task with a big layer holds a wide section from its start, before it reads, so that small
    // tensors of other tasks wait and run beside the big layer's second stage, where it ends the
    // section (OffHeapGram), not beside its reading and Gram
    boolean wide = task.byTensor().values().stream().anyMatch(ExecutorTasks::takesIdleCores);
    try (BlasThreads.Lease section = wide ? BlasThreads.wideSection() : null;
        CheckpointReader reader = CheckpointFormats.openAs(task.format(), ref.uri(), files)) {
      Set<TensorInfo> listed = new HashSet<>(reader.tensors());
      for (Map.Entry<String, List<LayerSpec>> planned : task.byTensor().entrySet()) {
        if (!listed.contains(planned.getValue().get(0).tensor())) {
          throw new CheckpointFormatException(ref.uri(), planned.getKey(), CheckpointFormatException.Problem.BAD_HEADER,
              "the tensor planned from the header is gone or changed (was the file replaced during the run?)");
        }
        if (!takesIdleCores(planned.getValue())) {
          // a small tensor runs beside a big layer's sequential second stage, not its wide stages
          // (never waits for this task's own section)
          BlasThreads.yieldToWideSections();
        }
        analysis.analyzeTensor(reader, planned.getValue());
      }
      results = analysis.finish();
    } catch (CheckpointFormatException | IOException e) {
      return failedTask(key, task.layers(), e);
    } catch (RuntimeException | InternalError | StackOverflowError bug) {
      // A reader bug (or a mapped file truncated under us: InternalError) must not end a sweep over
      // thousands of files (Spark would retry the task and fail the job): record it as this
      // checkpoint's failure, with the exception's class; the trace goes to the executor's log.
      String message = ref.uri() + ", tensors " + task.tensors() + ": unexpected error at stage read: " + bug;
      System.getLogger(ExecutorTasks.class.getName()).log(System.Logger.Level.WARNING, message, bug);
      return failedTask(key, task.layers(), LayerFailure.Stage.READ, "InternalError", message);
    }
    return outcome(key, results, settings);
  }

  /**
   * A task whose checkpoint could not be opened: one failures row, and its {@code layers} layers
   * counted as failed so that the checkpoint is failed (never a "success" short of layers) and a
   * re-run retries it.
   */
  static TaskOutcome failedTask(RowKey key, int layers, Exception e) {
    String errorClass = e instanceof CheckpointFormatException c ? c.problem().name() : "IO";
    String message = e instanceof CheckpointFormatException ? e.getMessage() : key.checkpoint() + ": " + e.getMessage();
    return failedTask(key, layers, LayerFailure.Stage.READ, errorClass, message);
  }

  private static TaskOutcome failedTask(RowKey key, int layers, LayerFailure.Stage stage, String errorClass, String message) {
    List<LayerSummary> summaries = new ArrayList<>();
    for (int i = 0; i < Math.max(1, layers); i++) {
      summaries.add(LayerSummary.ofFailedTask(key.checkpoint(), message));
    }
    return new TaskOutcome(List.of(), List.of(),
        List.of(LayerRows.checkpointFailure(key, stage.label(), errorClass, message)), summaries);
  }

  /** The rows and summaries of analysed layers. */
  static TaskOutcome outcome(RowKey key, List<LayerResult> results, TaskSettings settings) {
    String solver = settings.solver().label();
    List<org.apache.spark.sql.Row> layers = new ArrayList<>();
    List<org.apache.spark.sql.Row> esd = new ArrayList<>();
    List<org.apache.spark.sql.Row> failures = new ArrayList<>();
    List<LayerSummary> summaries = new ArrayList<>();
    for (LayerResult r : results) {
      layers.add(LayerRows.layer(key, r, settings.fit().label(), solver));
      LayerRows.esd(key, r).ifPresent(esd::add);
      failures.addAll(LayerRows.failures(key, r));
      summaries.add(summary(key.checkpoint(), r));
    }
    return new TaskOutcome(layers, esd, failures, summaries);
  }

  /**
   * Failures that say nothing about the weights (too large for this heap, an I/O error, a bug)
   * fail the checkpoint, so that a re-run with more memory or a fixed file retries it; NaNs,
   * zeros and fits that do not converge are properties of the weights and stay layer failures.
   */
  private static String retryable(LayerResult r) {
    return r.failures().stream()
        .filter(f -> RETRYABLE.contains(f.errorClass()))
        .map(org.htsr.model.LayerFailure::message)
        .findFirst().orElse(null);
  }

  private static final java.util.Set<String> RETRYABLE = java.util.Set.of("TOO_LARGE", "IO", "InternalError", "TRUNCATED");

  private static LayerSummary summary(String checkpoint, LayerResult r) {
    Double alpha = r.powerLaw().map(f -> f.alpha()).orElse(null);
    return new LayerSummary(
        checkpoint,
        r.succeeded(),
        alpha,
        r.alphaNorms().map(a -> a.alphaWeighted()).orElse(null),
        r.norms().map(n -> n.logNorm()).orElse(null),
        r.norms().map(n -> n.logSpectralNorm()).orElse(null),
        r.alphaNorms().map(a -> a.logAlphaNorm()).orElse(null),
        r.norms().map(n -> n.stableRank()).orElse(null),
        r.mpFit().map(m -> m.mpSoftrank()).orElse(null),
        r.phase().map(p -> p.phase().label()).orElse(null),
        r.secondsRead(),
        r.secondsEigen(),
        r.secondsFit(),
        retryable(r));
  }

  /** Whether one of a tensor's layers takes every idle core (the two-stage route's wide section). */
  private static boolean takesIdleCores(List<LayerSpec> layers) {
    return layers.stream().anyMatch(spec -> GramEigenSolver.takesIdleCores(spec.m()));
  }
}
