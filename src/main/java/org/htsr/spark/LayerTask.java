package org.htsr.spark;

import java.io.Serializable;
import java.util.List;

/**
 * One unit of executor work: one tensor of one checkpoint (its pooled layer, or all its slices),
 * or several small tensors of one checkpoint bundled so that Spark's per-task overhead does not
 * dominate them ({@link HeaderPlanner#MIN_TASK_COST}).
 *
 * @param tensors the tensors, in listing order
 * @param layers layer rows these tensors give
 * @param cost estimated floating-point work, for largest-first ordering
 * @param route one task on one executor, or a distributed job of its own (one 2-D tensor)
 */
record LayerTask(CheckpointRef checkpoint, List<String> tensors, int layers, double cost, Route route) implements Serializable {

  /** Where the task runs: one executor, or spread over all of them. */
  enum Route {
    LOCAL,
    DISTRIBUTED
  }


  LayerTask {
    tensors = List.copyOf(tensors);
  }
}
