package org.htsr.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.htsr.analysis.CheckpointAnalyzer;
import org.htsr.analysis.LayerAnalyzer;
import org.htsr.analysis.LayerPlanner;
import org.htsr.analysis.LayerSelection;
import org.htsr.io.LocalInputFiles;
import org.htsr.linalg.GramEigenSolver;
import org.htsr.model.LayerResult;
import org.htsr.stats.WeightWatcherFit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZooGeneratorTest {

  @TempDir Path out;

  @Test
  void writesRunsOfBf16CheckpointsWhoseTailsGrowHeavier() throws Exception {
    List<Path> files = ZooGenerator.generate(out, ZooGenerator.Kind.TRANSFORMER, 6, 2, 7);
    assertEquals(6, files.size());
    assertTrue(files.get(0).toString().endsWith("transformer-run00/checkpoint-0/model.safetensors"), files.get(0).toString());
    assertTrue(files.get(2).toString().endsWith("transformer-run00/checkpoint-200/model.safetensors"), files.get(2).toString());

    CheckpointAnalyzer analyzer = new CheckpointAnalyzer(new LayerPlanner(LayerSelection.defaults()),
        new LayerAnalyzer(new GramEigenSolver(), new WeightWatcherFit()), Long.MAX_VALUE);
    double first = meanAlpha(analyzer.analyze(files.get(0).toString(), new LocalInputFiles()).layers());
    double last = meanAlpha(analyzer.analyze(files.get(2).toString(), new LocalInputFiles()).layers());
    assertTrue(first > 4, "step 0 is random-like (large α): " + first);
    assertTrue(last < 3, "the last step is heavy-tailed: " + last);

    Path again = out.resolve("again");
    ZooGenerator.generate(again, ZooGenerator.Kind.TRANSFORMER, 6, 2, 7);
    assertArrayEquals(Files.readAllBytes(files.get(4)), Files.readAllBytes(again.resolve(out.relativize(files.get(4)))), "same seed, same bytes");
  }

  @Test
  void resnetCheckpointsHaveConvKernels() throws Exception {
    List<Path> files = ZooGenerator.generate(out, ZooGenerator.Kind.RESNET, 1, 1, 3);
    CheckpointAnalyzer analyzer = new CheckpointAnalyzer(new LayerPlanner(LayerSelection.defaults()),
        new LayerAnalyzer(new GramEigenSolver(), new WeightWatcherFit()), Long.MAX_VALUE);
    List<LayerResult> layers = analyzer.analyze(files.get(0).toString(), new LocalInputFiles()).layers();
    assertTrue(layers.stream().filter(l -> l.spec().rf() == 9).count() >= 16, "3×3 convs");
    assertTrue(layers.stream().allMatch(LayerResult::succeeded));
  }

  private static double meanAlpha(List<LayerResult> layers) {
    return layers.stream().filter(l -> l.powerLaw().isPresent()).mapToDouble(l -> l.powerLaw().get().alpha()).average().orElseThrow();
  }

  @Test
  void helpAndBadArgumentsWriteNothing() throws Exception {
    java.io.ByteArrayOutputStream stdout = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream stderr = new java.io.ByteArrayOutputStream();
    Path target = out.resolve("zoo");
    assertEquals(0, ZooGenerator.run(List.of("--out", target.toString(), "--help"), new java.io.PrintStream(stdout, true), new java.io.PrintStream(stderr, true)));
    assertTrue(stdout.toString().startsWith("usage: jobs/make-zoo"), stdout.toString());
    assertEquals(2, ZooGenerator.run(List.of("--out", target.toString(), "--checkpoints"), new java.io.PrintStream(stdout, true), new java.io.PrintStream(stderr, true)));
    assertEquals(2, ZooGenerator.run(List.of("--out", target.toString(), "--kind", "vgg"), new java.io.PrintStream(stdout, true), new java.io.PrintStream(stderr, true)));
    assertTrue(stderr.toString().contains("--checkpoints needs a value"), stderr.toString());
    assertTrue(!Files.exists(target), "wrote " + target);
  }
}
