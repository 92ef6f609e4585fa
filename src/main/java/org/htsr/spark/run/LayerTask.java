package org.htsr.spark.run;

import org.htsr.spark.discovery.CheckpointRef;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.htsr.analysis.CheckpointAnalyzer;
import org.htsr.model.LayerSpec;

/**
 * One unit of executor work, planned once on the driver and executed as planned: one tensor of one
 * checkpoint (its pooled layer, or all its slices), or several small tensors of one checkpoint
 * bundled so that Spark's per-task overhead does not dominate them ({@link HeaderPlanner#MIN_TASK_COST}).
 * The executor opens the file in {@code format} and reads the tensors the specs name: it neither
 * detects the format nor plans layers again.
 *
 * @param format the checkpoint's format as detected on the driver ({@code CheckpointFormat#name()})
 * @param specs the layer specs, grouped by tensor in listing order
 * @param cost estimated floating-point work, for largest-first ordering
 * @param route one task on one executor, or a distributed job of its own (one 2-D tensor)
 */
record LayerTask(CheckpointRef checkpoint, String format, List<LayerSpec> specs, double cost, Route route) implements Serializable {

  /** Where the task runs: one executor, or spread over all of them. */
  enum Route {
    LOCAL,
    DISTRIBUTED
  }

  LayerTask {
    specs = List.copyOf(specs);
    if (specs.isEmpty()) {
      throw new IllegalArgumentException("a task of " + checkpoint.uri() + " without layers");
    }
  }

  /** Layer rows this task gives. */
  int layers() {
    return specs.size();
  }

  /** The tensors, in listing order. */
  List<String> tensors() {
    return List.copyOf(byTensor().keySet());
  }

  /** The specs by tensor, in listing order: one group is one load. */
  Map<String, List<LayerSpec>> byTensor() {
    return CheckpointAnalyzer.byTensor(specs);
  }
}
