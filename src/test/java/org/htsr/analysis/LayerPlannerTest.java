package org.htsr.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.htsr.model.DType;
import org.htsr.model.LayerSpec;
import org.htsr.model.LayerType;
import org.htsr.model.SliceLayout;
import org.htsr.model.TensorInfo;
import org.junit.jupiter.api.Test;

class LayerPlannerTest {

  private static TensorInfo t(String name, DType dtype, Long... shape) {
    return new TensorInfo(name, dtype, List.of(shape), "f");
  }

  @Test
  void selectsFloatTensorsWithTwoOrMoreDimsAndTenEigenvalues() {
    LayerPlan plan = new LayerPlanner(LayerSelection.defaults()).plan(List.of(
        t("w", DType.F32, 64L, 32L),
        t("b", DType.F32, 64L),
        t("ids", DType.I64, 64L, 32L),
        t("tiny", DType.BF16, 100L, 9L),
        t("ok", DType.F16, 100L, 10L),
        t("empty", DType.F32, 0L, 4L)));
    assertEquals(List.of("w", "ok"), plan.specs().stream().map(s -> s.tensor().name()).toList());
    assertEquals(List.of(0, 4), plan.specs().stream().map(LayerSpec::layerIndex).toList());
    assertEquals(4, plan.skipped().size());
  }

  @Test
  void convKernelsPoolWithHalvedEigenvaluesInEitherLayout() {
    List<LayerSpec> specs = new LayerPlanner(LayerSelection.defaults()).plan(List.of(
        t("torch", DType.F32, 64L, 32L, 3L, 3L),
        t("tf", DType.F32, 3L, 3L, 32L, 64L))).specs();
    for (LayerSpec s : specs) {
      assertEquals(LayerType.CONV2D, s.type());
      assertEquals(64, s.n());
      assertEquals(32, s.m());
      assertEquals(9, s.rf());
      assertEquals(288, s.numEvals());
      assertEquals(0.5, s.scale() * s.scale(), 1e-15);
    }
    assertEquals(new SliceLayout(0, 1), specs.get(0).layout());
    assertEquals(new SliceLayout(2, 3), specs.get(1).layout());
  }

  @Test
  void perSliceConvGivesOneSpecPerSliceScaledByRfOverTwo() {
    List<LayerSpec> specs = new LayerPlanner(LayerSelection.defaults().withPooling(Pooling.PER_SLICE))
        .plan(List.of(t("c", DType.F32, 64L, 32L, 3L, 3L))).specs();
    assertEquals(9, specs.size());
    for (int s = 0; s < 9; s++) {
      assertEquals(s, specs.get(s).slice().getAsInt());
      assertEquals(4.5, specs.get(s).scale() * specs.get(s).scale(), 1e-12);
      assertEquals(32, specs.get(s).numEvals());
    }
  }

  @Test
  void threeDimensionalTensorsStackAlongTheirSmallestAxis() {
    List<LayerSpec> specs = new LayerPlanner(LayerSelection.defaults()).plan(List.of(
        t("conv1d", DType.F32, 128L, 64L, 5L),
        t("lstm", DType.F32, 2L, 512L, 128L))).specs();
    assertEquals(LayerType.CONV1D, specs.get(0).type());
    assertEquals(new SliceLayout(0, 1), specs.get(0).layout());
    assertEquals(5, specs.get(0).rf());
    assertEquals(1.0, specs.get(0).scale());
    assertEquals(LayerType.STACKED, specs.get(1).type());
    assertEquals(new SliceLayout(1, 2), specs.get(1).layout());
    assertEquals(2, specs.get(1).rf());
    assertEquals(512, specs.get(1).n());
    assertEquals(128, specs.get(1).m());
  }

  @Test
  void weightWatcherLimitsSkipHugeLayersOnlyWhenAsked() {
    List<TensorInfo> tensors = List.of(t("embed", DType.F32, 128_256L, 4096L), t("conv", DType.F32, 2048L, 2048L, 3L, 3L));
    assertEquals(2, new LayerPlanner(LayerSelection.defaults()).plan(tensors).specs().size());
    LayerPlan limited = new LayerPlanner(LayerSelection.defaults().weightWatcherLimits()).plan(tensors);
    assertTrue(limited.specs().isEmpty());
    assertTrue(limited.skipped().get(0).reason().contains("max N"), limited.skipped().get(0).reason());
    assertTrue(limited.skipped().get(1).reason().contains("max evals"), limited.skipped().get(1).reason());
  }
}
