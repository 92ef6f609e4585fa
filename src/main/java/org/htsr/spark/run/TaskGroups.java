package org.htsr.spark.run;

import java.util.ArrayList;
import java.util.List;

/**
 * A batch's local tasks, grouped into Spark tasks: a task cheaper than {@link
 * HeaderPlanner#MIN_TASK_COST} (a small checkpoint, all its tensors bundled) shares its Spark task
 * with up to {@link #MAX_PER_GROUP} − 1 others, so that Spark's per-task scheduling, serialisation
 * and result handling are paid once for several. On 100 zoo checkpoints (one 1.5·10⁹-flop task
 * each) three per Spark task cut the run from 6.91 to 6.43 s (docs/benchmarks.md K). Groups are
 * made only while there are still at least three Spark tasks per core, so that a cluster's cores
 * stay busy, and the batch's last (smallest) tasks run alone, two per core, so that the cores
 * finish together: with groups to the end, one core idled for most of a group's time while the
 * other ran the last group (docs/benchmarks.md L).
 */
final class TaskGroups {

  /** Small tasks per Spark task at most: three measured faster than two and as fast as four. */
  static final int MAX_PER_GROUP = 3;

  /** Spark tasks per core that grouping keeps, at least. */
  static final int MIN_TASKS_PER_CORE = 3;

  /** The batch's last small tasks per core that run alone, to even out the cores' finish. */
  static final int ALONE_AT_END_PER_CORE = 2;

  private TaskGroups() {}

  /**
   * The tasks in groups, each group one Spark task, in the order given (largest first): tasks of
   * {@link HeaderPlanner#MIN_TASK_COST} or more alone, the cheaper ones in consecutive groups but
   * for the last {@link #ALONE_AT_END_PER_CORE} per core, which run alone.
   *
   * @param cores the cores that run the batch's tasks together (Spark's default parallelism)
   */
  static List<List<LayerTask>> of(List<LayerTask> largestFirst, int cores) {
    if (cores < 1) {
      throw new IllegalArgumentException("cores must be at least 1, got " + cores);
    }
    long small = largestFirst.stream().filter(TaskGroups::small).count();
    int perGroup = (int) Math.max(1, Math.min(MAX_PER_GROUP, small / ((long) MIN_TASKS_PER_CORE * cores)));
    long grouped = perGroup == 1 ? 0 : Math.max(0, small - (long) ALONE_AT_END_PER_CORE * cores);
    List<List<LayerTask>> groups = new ArrayList<>();
    List<LayerTask> open = new ArrayList<>();
    long smallSeen = 0;
    for (LayerTask t : largestFirst) {
      if (!small(t) || smallSeen++ >= grouped) {
        if (!open.isEmpty()) {
          groups.add(List.copyOf(open));
          open.clear();
        }
        groups.add(List.of(t));
        continue;
      }
      open.add(t);
      if (open.size() == perGroup) {
        groups.add(List.copyOf(open));
        open.clear();
      }
    }
    if (!open.isEmpty()) {
      groups.add(List.copyOf(open));
    }
    return groups;
  }

  private static boolean small(LayerTask t) {
    return t.cost() < HeaderPlanner.MIN_TASK_COST;
  }
}
