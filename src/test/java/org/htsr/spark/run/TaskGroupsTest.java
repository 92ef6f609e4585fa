package org.htsr.spark.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.htsr.model.DType;
import org.htsr.model.LayerSpec;
import org.htsr.model.LayerType;
import org.htsr.model.SliceLayout;
import org.htsr.model.TensorInfo;
import org.htsr.spark.discovery.CheckpointRef;
import org.junit.jupiter.api.Test;

/** Small tasks share Spark tasks only while every core keeps several; big ones run alone. */
class TaskGroupsTest {

  @Test
  void smallTasksShareSparkTasksInOrderAndBigOnesRunAlone() {
    List<LayerTask> tasks = new ArrayList<>();
    tasks.add(task("big", 3e11));
    for (int i = 0; i < 64; i++) {
      tasks.add(task("zoo" + i, 1.5e9));
    }
    List<List<LayerTask>> groups = TaskGroups.of(tasks, 2);
    assertEquals(List.of(tasks.get(0)), groups.get(0), "a task of MIN_TASK_COST or more runs alone");
    assertEquals(1 + 20 + 4, groups.size(), "64 small tasks: 60 in groups of 3, the last 4 (two per core) alone");
    assertEquals(tasks.subList(1, 4), groups.get(1), "groups keep the largest-first order");
    assertEquals(tasks.subList(58, 61), groups.get(20));
    for (int i = 0; i < 4; i++) {
      assertEquals(List.of(tasks.get(61 + i)), groups.get(21 + i), "the batch's last tasks run alone");
    }
    assertEquals(tasks, groups.stream().flatMap(List::stream).toList(), "every task once, in order");
  }

  @Test
  void fewSmallTasksForTheCoresAreNotGrouped() {
    List<LayerTask> tasks = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      tasks.add(task("zoo" + i, 1.5e9));
    }
    assertEquals(64, TaskGroups.of(tasks, 64).size(), "64 cores: one Spark task each");
    assertEquals(24 + 16, TaskGroups.of(tasks, 8).size(), "8 cores: groups of 2 keep 4 Spark tasks per core, the last 16 alone");
    assertEquals(5, TaskGroups.of(tasks.subList(0, 5), 2).size(), "5 tasks on 2 cores: alone");
    assertThrows(IllegalArgumentException.class, () -> TaskGroups.of(tasks, 0));
  }

  private static LayerTask task(String name, double cost) {
    String uri = "file:/zoo/" + name + ".safetensors";
    CheckpointRef ref = new CheckpointRef(uri, List.of(uri), 1000, 0, "zoo", null, null);
    return new LayerTask(ref, "SAFETENSORS", List.of(spec(name)), cost, LayerTask.Route.LOCAL);
  }

  private static LayerSpec spec(String name) {
    TensorInfo t = new TensorInfo(name + ".weight", DType.F32, List.of(1024L, 256L), "mem");
    return new LayerSpec(0, t, LayerType.DENSE, new SliceLayout(0, 1), 1024, 256, 1, OptionalInt.empty(), 1.0);
  }
}
