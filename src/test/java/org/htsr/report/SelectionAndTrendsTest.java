package org.htsr.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which checkpoints and layers get plots, and how rows become trends across steps. */
class SelectionAndTrendsTest {

  @Test
  void latestStepOfEachModelIsDrawnAndTheCapIsReported() {
    ReportData data = Fixtures.report(EnumSet.noneOf(Feature.class));
    PlotScope scope = PlotSelection.choose(data.checkpoints(), data.layers(), PlotSelection.Rule.LATEST_STEP_PER_MODEL, 100);
    assertEquals(Set.of("file:/zoo/run/checkpoint-300/model.safetensors", "file:/models/single.safetensors"), scope.detailedCheckpoints());
    // 3 layers of step 300 and the one successful layer of "single"
    assertEquals(4, scope.plottedLayers().size());
    assertEquals(1, scope.notes().size());

    PlotScope capped = PlotSelection.choose(data.checkpoints(), data.layers(), PlotSelection.Rule.EVERY_CHECKPOINT, 5);
    assertEquals(4, capped.detailedCheckpoints().size());
    assertEquals(5, capped.plottedLayers().size());
    assertTrue(capped.notes().get(1).contains("capped at 5 of 10 layers"), capped.notes().toString());
  }

  @Test
  void trendsExistForModelsWithTwoStepsAndFollowEachLayer() {
    List<ModelTrend> trends = ModelTrend.of(Fixtures.report(EnumSet.of(Feature.PHASE)));
    assertEquals(1, trends.size());
    ModelTrend run = trends.get(0);
    assertEquals("run", run.model());
    assertEquals(List.of("block0.weight", "block1.weight", "block2.weight"), run.alpha().layers().stream().map(StepSeries::label).toList());
    StepSeries block1 = run.alpha().layers().get(1);
    assertEquals(List.of(100L, 200L, 300L), block1.points().stream().map(StepSeries.Point::step).toList());
    assertEquals(7.5 - 1.5 * 3 + 0.3, block1.points().get(2).value(), 1e-12);
    assertEquals(3, run.means().alpha().points().size());
    assertEquals(9, run.phases().orElseThrow().cells().size());
    assertEquals("heavy_tailed", run.phases().orElseThrow().cells().stream().filter(c -> c.step() == 2).findFirst().orElseThrow().phase());
  }

  @Test
  void noPhaseTimelineWithoutThePhaseColumn() {
    assertTrue(ModelTrend.of(Fixtures.report(EnumSet.noneOf(Feature.class))).get(0).phases().isEmpty());
  }

  @Test
  void numbersAreShortAndExact() {
    assertEquals("2.024", Numbers.format(2.0239482135));
    assertEquals("2.141e4", Numbers.format(21406.1234));
    assertEquals("3", Numbers.format(3.0));
    assertEquals("1.5e-6", Numbers.format(1.5e-6));
    assertEquals("", Numbers.format((Double) null));
  }
}
