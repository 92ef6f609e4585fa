package org.htsr.analysis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.htsr.io.CheckpointFormatException;
import org.htsr.io.LocalInputFiles;
import org.htsr.linalg.GramEigenSolver;
import org.htsr.linalg.SpectrumSolver;
import org.htsr.linalg.SvdSolver;
import org.htsr.model.LayerResult;
import org.htsr.stats.WeightWatcherFit;
import org.htsr.testing.Parity;
import org.htsr.testing.SharedData;
import org.htsr.testing.WwReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Golden parity with WeightWatcher 0.7.5.5 ({@code reference/ww/<set>/default.csv}, default
 * {@code analyze()}): every layer WeightWatcher analysed, with the tolerances of {@link Parity}.
 * The Gram solver is held to the fit and norm columns; the exact solver also to ranks and entropy.
 */
class ReferenceParityTest {

  @ParameterizedTest(name = "{0} with {1}")
  @CsvSource({"models, gram", "models, svd", "synthetic, gram", "synthetic, svd"})
  void everyLayerWeightWatcherAnalysedMatches(String set, String solverName) throws CheckpointFormatException {
    SpectrumSolver solver = solverName.equals("svd") ? new SvdSolver() : new GramEigenSolver();
    CheckpointAnalyzer analyzer = new CheckpointAnalyzer(
        new LayerPlanner(LayerSelection.defaults()), new LayerAnalyzer(solver, new WeightWatcherFit()), Long.MAX_VALUE);
    Map<String, List<WwReference.Row>> byInput = WwReference.load(set, "default").stream()
        .collect(Collectors.groupingBy(WwReference.Row::input));
    List<String> problems = new ArrayList<>();
    int compared = 0;
    for (Map.Entry<String, List<WwReference.Row>> file : byInput.entrySet()) {
      String location = SharedData.resolve(set + "/" + file.getKey()).toString();
      Map<String, LayerResult> results = new HashMap<>();
      for (LayerResult r : analyzer.analyze(location, new LocalInputFiles()).layers()) {
        results.put(r.spec().tensor().name(), r);
      }
      for (WwReference.Row ref : file.getValue()) {
        LayerResult r = results.get(ref.tensor());
        if (r == null) {
          problems.add(file.getKey() + " " + ref.tensor() + ": not analysed");
          continue;
        }
        List<String> mismatches = Parity.mismatches(ref, LayerValues.of(r), solver instanceof SvdSolver);
        if (!mismatches.isEmpty()) {
          problems.add(file.getKey() + " " + ref.tensor() + ": " + mismatches);
        }
        compared++;
      }
    }
    assertTrue(compared > 20, "compared only " + compared + " layers");
    assertTrue(problems.isEmpty(), problems.size() + " of " + compared + " layers differ:\n" + String.join("\n", problems));
  }
}
