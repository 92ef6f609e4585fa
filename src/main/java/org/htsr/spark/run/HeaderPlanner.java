package org.htsr.spark.run;

import org.htsr.spark.discovery.CheckpointRef;
import org.htsr.spark.hadoop.HadoopInputFiles;
import org.htsr.spark.hadoop.SerializableHadoopConf;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.htsr.analysis.CheckpointAnalyzer;
import org.htsr.analysis.LayerPlan;
import org.htsr.io.CheckpointFormat;
import org.htsr.io.CheckpointFormatException;
import org.htsr.io.formats.CheckpointFormats;
import org.htsr.io.CheckpointReader;
import org.htsr.io.InputFiles;
import org.htsr.io.metadata.CheckpointLocation;
import org.htsr.io.metadata.CheckpointMetadata;
import org.htsr.io.metadata.MetadataCollector;
import org.htsr.model.LayerSpec;

/**
 * The driver reads checkpoint headers (only headers) to plan a batch's tasks, on a few threads so
 * that remote file systems' latency overlaps. Reading a header is a few small positioned reads;
 * running it as a Spark job would cost more in scheduling than it saves.
 *
 * <p>Tasks: one per tensor (its pooled layer, or all its slices); tensors cheaper than
 * {@link #MIN_TASK_COST} are bundled with the checkpoint's other small tensors, and 2-D tensors
 * for the distributed route get a job of their own.
 */
final class HeaderPlanner {

  /** Concurrent header reads: enough to hide HDFS/S3 round trips, few enough to be polite. */
  static final int THREADS = 8;

  /**
   * Tensors cheaper than this (≈ N·M² + 4M³ flops, ≈ 0.1–0.2 s on one core) are bundled into one
   * task with the checkpoint's other small tensors: each task costs Spark's scheduling and result
   * handling and re-opens the checkpoint and its header. At 1e9 a zoo checkpoint of 14 layers
   * (1.5e9) made two tasks; one instead cut 100 checkpoints from 7.0 to 6.2 s and 12.1 to 10.8
   * CPU-s (docs/benchmarks.md J).
   */
  static final double MIN_TASK_COST = 4e9;

  private HeaderPlanner() {}

  /**
   * @param metadata what gathers each checkpoint's metadata while its header is open; it stays on
   *     the driver (tasks carry only the plan)
   */
  static List<PlanOutcome> plan(List<CheckpointRef> refs, TaskSettings settings, MetadataCollector metadata, SerializableHadoopConf conf) {
    // planOne turns every expected failure into an outcome
    return DriverThreads.map(refs, THREADS, "htsr-header-planner",
        ref -> planOne(ref, settings, metadata, new HadoopInputFiles(conf.get())));
  }

  /**
   * Lists one checkpoint (headers only) and plans its tasks. The format is detected here, once;
   * the tasks carry it and the layer specs to the executors.
   */
  static PlanOutcome planOne(CheckpointRef ref, TaskSettings settings, MetadataCollector metadata, InputFiles files) {
    try {
      CheckpointFormat format = CheckpointFormats.detectFormat(ref.uri(), files);
      try (CheckpointReader reader = format.open(ref.uri(), files)) {
        // metadata is read here, with the header: its step (trainer_state, file) replaces the path's
        CheckpointMetadata described = metadata.collect(new CheckpointLocation(ref.uri(), ref.model(), ref.step(), reader.metadata()), files);
        ref = ref.withStep(described.step());
        LayerPlan plan = settings.planner().plan(reader.tensors());
        return new PlanOutcome(ref, format.name(), reader.tensors().size(), plan.skipped().size(), tasks(ref, format.name(), plan, settings), null, null,
            described);
      }
    } catch (CheckpointFormatException e) {
      return PlanOutcome.failed(ref, e.problem().name(), e.getMessage());
    } catch (IOException e) {
      return PlanOutcome.failed(ref, "IO", ref.uri() + ": " + e.getMessage());
    } catch (RuntimeException | StackOverflowError bug) {
      // A reader bug must not end a sweep over thousands of files: record it as this file's
      // failure; its trace goes to the log
      System.getLogger(HeaderPlanner.class.getName()).log(System.Logger.Level.WARNING, ref.uri() + ": unexpected error at stage list", bug);
      return PlanOutcome.failed(ref, "InternalError", ref.uri() + ": unexpected error at stage list: " + bug);
    }
  }

  /** Tasks of one planned checkpoint: big tensors alone, small ones bundled, distributed ones apart. */
  private static List<LayerTask> tasks(CheckpointRef ref, String format, LayerPlan plan, TaskSettings settings) {
    List<LayerTask> tasks = new ArrayList<>();
    List<LayerSpec> bundle = new ArrayList<>();
    double bundleCost = 0;
    for (List<LayerSpec> specs : CheckpointAnalyzer.byTensor(plan.specs()).values()) {
      double cost = 0;
      for (LayerSpec s : specs) {
        // Gram (N·M²) plus the symmetric eigensolver (~4M³ for the tridiagonal reduction), per matrix
        cost += (double) s.rf() * s.m() * s.m() * (s.n() + 4.0 * s.m());
      }
      if (settings.distributes(specs.get(0).tensor())) {
        tasks.add(new LayerTask(ref, format, specs, cost, LayerTask.Route.DISTRIBUTED));
      } else if (cost >= MIN_TASK_COST) {
        tasks.add(new LayerTask(ref, format, specs, cost, LayerTask.Route.LOCAL));
      } else {
        bundle.addAll(specs);
        bundleCost += cost;
        if (bundleCost >= MIN_TASK_COST) {
          tasks.add(new LayerTask(ref, format, bundle, bundleCost, LayerTask.Route.LOCAL));
          bundle = new ArrayList<>();
          bundleCost = 0;
        }
      }
    }
    if (!bundle.isEmpty()) {
      tasks.add(new LayerTask(ref, format, bundle, bundleCost, LayerTask.Route.LOCAL));
    }
    return tasks;
  }
}
