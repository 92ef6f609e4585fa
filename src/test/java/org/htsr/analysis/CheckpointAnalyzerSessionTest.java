package org.htsr.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.htsr.io.LocalInputFiles;
import org.htsr.io.safetensors.SafetensorsWriter;
import org.htsr.linalg.GramEigenSolver;
import org.htsr.model.DType;
import org.htsr.model.LayerResult;
import org.htsr.model.LayerSpec;
import org.htsr.stats.WeightWatcherFit;
import org.htsr.testing.RandomValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint's small layers are solved two at a time (their tridiagonal eigenvalues side by
 * side), yet each layer's numbers are those of analysing it alone, bit for bit, its results come
 * in the order of the plan, and a layer that fails between two paired ones neither waits nor
 * changes what the others get.
 */
class CheckpointAnalyzerSessionTest {

  @TempDir Path dir;

  @Test
  void pairedLayersGetTheNumbersOfLayersAnalysedAlone() throws Exception {
    double[] heavy = RandomValues.gaussian(96 * 48, 4);
    for (int i = 0; i < heavy.length; i += 29) {
      heavy[i] *= 40; // a heavy tail, so that the power-law fit has something to fit
    }
    Path file = Files.write(dir.resolve("mixed.safetensors"), new SafetensorsWriter()
        .add("a.weight", DType.F64, List.of(64L, 32L), RandomValues.gaussian(64 * 32, 1))
        .add("b.weight", DType.F32, List.of(48L, 96L), RandomValues.gaussian(48 * 96, 2))
        .add("c.weight", DType.F64, List.of(96L, 48L), heavy)
        .add("zero.weight", DType.F64, List.of(40L, 40L), new double[40 * 40])
        .add("d.weight", DType.F64, List.of(50L, 50L), RandomValues.gaussian(50 * 50, 5))
        .add("e.weight", DType.F64, List.of(70L, 30L), RandomValues.gaussian(70 * 30, 6))
        .toByteArray());
    LayerAnalyzer layerAnalyzer = new LayerAnalyzer(new GramEigenSolver(), new WeightWatcherFit());
    CheckpointAnalyzer analyzer = new CheckpointAnalyzer(new LayerPlanner(LayerSelection.defaults()), layerAnalyzer, Long.MAX_VALUE);

    List<LayerResult> session = analyzer.analyze(file.toString(), new LocalInputFiles()).layers();

    List<String> names = new ArrayList<>();
    for (LayerResult r : session) {
      names.add(r.spec().tensor().name());
    }
    // a and b are solved as a pair; c waits, and is solved alone when the all-zero layer fails;
    // then d and e are a pair
    assertEquals(List.of("a.weight", "b.weight", "c.weight", "zero.weight", "d.weight", "e.weight"), names);
    assertFalse(session.get(3).succeeded(), "the all-zero layer fails");
    for (LayerResult paired : session) {
      if (!paired.succeeded()) {
        continue;
      }
      LayerSpec spec = paired.spec();
      LayerResult alone = layerAnalyzer.analyze(spec, values(file, spec));
      assertArrayEquals(alone.spectrum().orElseThrow().eigenvalues(), paired.spectrum().orElseThrow().eigenvalues(),
          spec.tensor().name());
      assertEquals(alone.spectrum().orElseThrow().solver(), paired.spectrum().orElseThrow().solver());
      assertEquals(alone.powerLaw().map(f -> f.alpha()), paired.powerLaw().map(f -> f.alpha()), spec.tensor().name());
      assertEquals(alone.mpFit(), paired.mpFit(), spec.tensor().name());
      assertEquals(alone.phase(), paired.phase(), spec.tensor().name());
      assertEquals(alone.failures(), paired.failures(), spec.tensor().name());
      assertTrue(paired.secondsEigen() >= 0 && paired.secondsRead() >= 0);
    }
  }

  private static double[] values(Path file, LayerSpec spec) throws Exception {
    try (var reader = org.htsr.io.formats.CheckpointFormats.open(file.toString(), new LocalInputFiles())) {
      return reader.load(spec.tensor()).values();
    }
  }
}
