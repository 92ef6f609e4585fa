package org.htsr.testing;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.htsr.analysis.CheckpointAnalyzer;
import org.htsr.analysis.LayerAnalyzer;
import org.htsr.analysis.LayerPlanner;
import org.htsr.analysis.LayerSelection;
import org.htsr.io.CheckpointFormatException;
import org.htsr.io.LocalInputFiles;
import org.htsr.linalg.SvdSolver;
import org.htsr.model.LayerResult;
import org.htsr.stats.WeightWatcherFit;

/**
 * The spectra of the layers in ../shared/models and ../shared/synthetic, as WeightWatcher computed
 * them for its reference output: the analysis layer's planner and matrix views (WeightWatcher's
 * slicing and float32 conv scaling) and the exact solver (LAPACK gesdd, as scipy). Each file is
 * read once per JVM.
 */
public final class ReferenceSpectra {

  private static final Map<String, Map<String, LayerResult>> BY_FILE = new ConcurrentHashMap<>();

  private ReferenceSpectra() {}

  /** The analysed layer behind a reference row ({@code set} = models or synthetic). */
  public static LayerResult of(String set, WwReference.Row row) {
    LayerResult r = BY_FILE.computeIfAbsent(set + "/" + row.input(), ReferenceSpectra::analyse).get(row.tensor());
    if (r == null || r.spectrum().isEmpty()) {
      throw new IllegalStateException(set + "/" + row.input() + " " + row.tensor() + ": no spectrum");
    }
    return r;
  }

  private static Map<String, LayerResult> analyse(String relative) {
    CheckpointAnalyzer analyzer = new CheckpointAnalyzer(
        new LayerPlanner(LayerSelection.defaults()), new LayerAnalyzer(new SvdSolver(), new WeightWatcherFit()), Long.MAX_VALUE);
    Map<String, LayerResult> out = new HashMap<>();
    try {
      for (LayerResult r : analyzer.analyze(SharedData.resolve(relative).toString(), new LocalInputFiles()).layers()) {
        out.put(r.spec().tensor().name(), r);
      }
    } catch (CheckpointFormatException e) {
      throw new IllegalStateException("cannot read " + relative + ": " + e.getMessage(), e);
    }
    return out;
  }
}
