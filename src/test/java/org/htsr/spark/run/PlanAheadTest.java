package org.htsr.spark.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.htsr.spark.discovery.CheckpointRef;
import org.junit.jupiter.api.Test;

class PlanAheadTest {

  @Test
  void eachBatchIsPlannedWhileTheOneBeforeItIsInHand() throws Exception {
    List<List<CheckpointRef>> batches = List.of(refs("a"), refs("b"), refs("c"));
    BatchRunner.Planned first = new BatchRunner.Planned(batches.get(0), List.of());
    List<String> planned = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch secondPlanned = new CountDownLatch(1);
    try (PlanAhead plans = new PlanAhead(batches, first, refs -> {
      planned.add(refs.get(0).model());
      secondPlanned.countDown();
      return new BatchRunner.Planned(refs, List.of());
    })) {
      assertSame(first, plans.next(), "the first plan is the one made while Spark started");
      // nobody has asked for the second batch yet: it is being read ahead
      assertTrue(secondPlanned.await(10, TimeUnit.SECONDS), "the second batch was not planned ahead");
      assertEquals(batches.get(1), plans.next().refs());
      assertEquals(batches.get(2), plans.next().refs());
      assertFalse(plans.hasNext());
      assertEquals(List.of("b", "c"), planned, "each later batch planned once, in order; the first not again");
    }
  }

  @Test
  void aPlanningBugEndsTheRunWhenItsBatchIsTaken() {
    List<List<CheckpointRef>> batches = List.of(refs("a"), refs("b"));
    try (PlanAhead plans = new PlanAhead(batches, new BatchRunner.Planned(batches.get(0), List.of()), refs -> {
      throw new IllegalStateException("header planner bug");
    })) {
      plans.next();
      assertEquals("header planner bug", assertThrows(IllegalStateException.class, plans::next).getMessage());
    }
  }

  private static List<CheckpointRef> refs(String model) {
    String uri = "file:/zoo/" + model + ".safetensors";
    return List.of(new CheckpointRef(uri, List.of(uri), 1000, 0, model, null, null));
  }
}
