package org.htsr.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.htsr.analysis.CheckpointAnalyzer;
import org.htsr.analysis.LayerPlan;
import org.htsr.io.CheckpointFormat;
import org.htsr.io.CheckpointFormatException;
import org.htsr.io.CheckpointFormats;
import org.htsr.io.CheckpointReader;
import org.htsr.io.InputFile;
import org.htsr.io.InputFiles;
import org.htsr.model.LayerFailure;
import org.htsr.model.LayerResult;
import org.htsr.model.LayerSpec;
import org.htsr.table.LayerRows;
import org.htsr.table.RowKey;

/**
 * The code that runs on executors: listing a checkpoint's header, and analysing one tensor. Each
 * reads its bytes where they lie, through Hadoop's FileSystem.
 */
final class ExecutorTasks {

  /**
   * Tensors cheaper than this many flops (≈ 20 ms of dsyrk + dsyevd on one core) are bundled
   * into one task with the checkpoint's other small tensors: a Spark task costs milliseconds of
   * scheduling, and each task re-reads the checkpoint's header.
   */
  static final double MIN_TASK_COST = 1e9;

  private ExecutorTasks() {}

  /** Lists a checkpoint (headers only) and plans one task per analysable tensor. */
  static PlanOutcome plan(CheckpointRef ref, TaskSettings settings, SerializableHadoopConf conf) {
    InputFiles files = new HadoopInputFiles(conf.get());
    try (CheckpointReader reader = CheckpointFormats.open(ref.uri(), files)) {
      LayerPlan plan = settings.planner().plan(reader.tensors());
      List<LayerTask> tasks = new ArrayList<>();
      List<String> bundle = new ArrayList<>();
      int bundleLayers = 0;
      double bundleCost = 0;
      for (Map.Entry<String, List<LayerSpec>> e : CheckpointAnalyzer.byTensor(plan.specs()).entrySet()) {
        double cost = 0;
        for (LayerSpec s : e.getValue()) {
          // Gram (N·M²) plus the symmetric eigensolver (~4M³ for the tridiagonal reduction), per matrix
          cost += (double) s.rf() * s.m() * s.m() * (s.n() + 4.0 * s.m());
        }
        if (cost >= MIN_TASK_COST) {
          tasks.add(new LayerTask(ref, List.of(e.getKey()), e.getValue().size(), cost));
          continue;
        }
        bundle.add(e.getKey());
        bundleLayers += e.getValue().size();
        bundleCost += cost;
        if (bundleCost >= MIN_TASK_COST) {
          tasks.add(new LayerTask(ref, bundle, bundleLayers, bundleCost));
          bundle = new ArrayList<>();
          bundleLayers = 0;
          bundleCost = 0;
        }
      }
      if (!bundle.isEmpty()) {
        tasks.add(new LayerTask(ref, bundle, bundleLayers, bundleCost));
      }
      return new PlanOutcome(ref, formatName(ref.uri(), files), reader.tensors().size(), tasks, null, null);
    } catch (CheckpointFormatException e) {
      return new PlanOutcome(ref, null, null, List.of(), e.problem().name(), e.getMessage());
    } catch (IOException e) {
      return new PlanOutcome(ref, null, null, List.of(), "IO", ref.uri() + ": " + e.getMessage());
    } catch (RuntimeException bug) {
      // A reader bug must not end a sweep over thousands of files: record it as this file's failure.
      return new PlanOutcome(ref, null, null, List.of(), "InternalError", ref.uri() + ": " + bug);
    }
  }

  private static String formatName(String uri, InputFiles files) throws IOException {
    try (InputFile f = files.open(uri)) {
      return CheckpointFormats.detect(f).map(CheckpointFormat::name).orElse(null);
    }
  }

  /** Analyses one tensor: its layer rows, ESD rows and failure rows. */
  static TaskOutcome analyze(LayerTask task, TaskSettings settings, SerializableHadoopConf conf) {
    CheckpointRef ref = task.checkpoint();
    RowKey key = new RowKey(settings.runId(), ref.model(), ref.uri(), ref.checkpointId(), ref.step(), settings.configHash());
    InputFiles files = new HadoopInputFiles(conf.get());
    CheckpointAnalyzer analyzer = settings.analyzer();
    List<LayerResult> results = new ArrayList<>();
    try (CheckpointReader reader = CheckpointFormats.open(ref.uri(), files)) {
      Map<String, List<LayerSpec>> planned = CheckpointAnalyzer.byTensor(settings.planner().plan(reader.tensors()).specs());
      for (String tensor : task.tensors()) {
        List<LayerSpec> specs = planned.get(tensor);
        if (specs == null) {
          throw new CheckpointFormatException(ref.uri(), tensor, CheckpointFormatException.Problem.BAD_HEADER,
              "the tensor planned from the header is gone (was the file replaced during the run?)");
        }
        results.addAll(analyzer.analyzeTensor(reader, specs));
      }
    } catch (CheckpointFormatException e) {
      return new TaskOutcome(List.of(), List.of(),
          List.of(LayerRows.checkpointFailure(key, LayerFailure.Stage.READ.label(), e.problem().name(), e.getMessage())),
          List.of());
    } catch (IOException e) {
      return new TaskOutcome(List.of(), List.of(),
          List.of(LayerRows.checkpointFailure(key, LayerFailure.Stage.READ.label(), "IO", ref.uri() + ": " + e.getMessage())),
          List.of());
    }
    String solver = settings.solver().label();
    List<org.apache.spark.sql.Row> layers = new ArrayList<>();
    List<org.apache.spark.sql.Row> esd = new ArrayList<>();
    List<org.apache.spark.sql.Row> failures = new ArrayList<>();
    List<LayerSummary> summaries = new ArrayList<>();
    for (LayerResult r : results) {
      layers.add(LayerRows.layer(key, r, settings.fitMode(), solver));
      LayerRows.esd(key, r).ifPresent(esd::add);
      failures.addAll(LayerRows.failures(key, r));
      summaries.add(summary(ref.uri(), r));
    }
    return new TaskOutcome(layers, esd, failures, summaries);
  }

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
        r.secondsRead(),
        r.secondsEigen(),
        r.secondsFit());
  }
}
