package org.htsr.analysis;

import org.htsr.testing.RandomValues;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.htsr.io.LocalInputFiles;
import org.htsr.io.safetensors.SafetensorsWriter;
import org.htsr.linalg.GramEigenSolver;
import org.htsr.model.DType;
import org.htsr.model.LayerFailure;
import org.htsr.model.LayerResult;
import org.htsr.stats.WeightWatcherFit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * F64 values at the ends of double precision, beside a good tensor in the same file: subnormal
 * values (whose squares underflow: every eigenvalue is zero) and huge ones (whose squares
 * overflow) each fail their own layer at the spectrum stage with a message naming the real cause,
 * and the good tensor is analysed. Before, the subnormal layer passed the all-zero check and
 * threw out of the phase features, losing the whole checkpoint.
 */
class ExtremeValuesTest {

  @TempDir Path dir;

  @Test
  void subnormalAndHugeValuesFailTheirOwnLayersOnly() throws Exception {
    double[] tiny = new double[64 * 32];
    Arrays.fill(tiny, 1e-320);
    double[] huge = RandomValues.gaussian(64 * 32, 2);
    for (int i = 0; i < huge.length; i++) {
      huge[i] *= 1e200;
    }
    Path file = Files.write(dir.resolve("extremes.safetensors"), new SafetensorsWriter()
        .add("good.weight", DType.F64, List.of(64L, 32L), RandomValues.gaussian(64 * 32, 1))
        .add("huge.weight", DType.F64, List.of(64L, 32L), huge)
        .add("tiny.weight", DType.F64, List.of(64L, 32L), tiny)
        .toByteArray());
    CheckpointAnalyzer analyzer = new CheckpointAnalyzer(new LayerPlanner(LayerSelection.defaults()),
        new LayerAnalyzer(new GramEigenSolver(), new WeightWatcherFit()), Long.MAX_VALUE);

    Map<String, LayerResult> layers = analyzer.analyze(file.toString(), new LocalInputFiles()).layers().stream()
        .collect(Collectors.toMap(l -> l.spec().tensor().name(), l -> l));

    assertEquals(3, layers.size());
    assertTrue(layers.get("good.weight").succeeded());
    assertTrue(layers.get("good.weight").powerLaw().isPresent());
    LayerFailure tinyFailure = layers.get("tiny.weight").failures().get(0);
    assertFalse(layers.get("tiny.weight").succeeded());
    assertEquals(LayerFailure.Stage.SPECTRUM, tinyFailure.stage());
    assertEquals("AllZero", tinyFailure.errorClass());
    assertTrue(tinyFailure.message().contains("tiny.weight") && tinyFailure.message().contains("too small to square"),
        tinyFailure.message());
    assertFalse(layers.get("huge.weight").succeeded());
    LayerFailure hugeFailure = layers.get("huge.weight").failures().get(0);
    assertTrue(hugeFailure.message().contains("huge.weight") && hugeFailure.message().contains("overflow"),
        hugeFailure.stage() + " " + hugeFailure.errorClass() + ": " + hugeFailure.message());
  }
}
