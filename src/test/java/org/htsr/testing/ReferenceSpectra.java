package org.htsr.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.htsr.analysis.LayerAnalyzer;
import org.htsr.analysis.LayerPlanner;
import org.htsr.analysis.LayerSelection;
import org.htsr.io.CheckpointFormatException;
import org.htsr.io.formats.CheckpointFormats;
import org.htsr.io.CheckpointReader;
import org.htsr.io.LocalInputFiles;
import org.htsr.linalg.SvdSolver;
import org.htsr.model.LayerResult;
import org.htsr.model.LayerSpec;
import org.htsr.stats.WeightWatcherFit;

/**
 * The layers of the test data's models/ and synthetic/ as WeightWatcher analysed them for its
 * reference output: the analysis layer's planner and matrix views (WeightWatcher's slicing and
 * float32 conv scaling) and the exact solver (LAPACK gesdd, as scipy). Each file is read once per
 * JVM.
 */
public final class ReferenceSpectra {

  /** One analysed layer: its plan, its tensor's values (row-major) and its result. */
  public record Layer(LayerSpec spec, double[] values, LayerResult result) {
    public double[] eigenvalues() {
      return result.spectrum().orElseThrow().eigenvalues();
    }
  }

  private static final Map<String, Map<String, Layer>> BY_FILE = new ConcurrentHashMap<>();

  private ReferenceSpectra() {}

  /** The analysed layer behind a reference row ({@code set} = models or synthetic). */
  public static Layer of(String set, WwReference.Row row) {
    Layer layer = BY_FILE.computeIfAbsent(set + "/" + row.input(), ReferenceSpectra::analyse).get(row.tensor());
    if (layer == null || layer.result().spectrum().isEmpty()) {
      throw new IllegalStateException(set + "/" + row.input() + " " + row.tensor() + ": no spectrum");
    }
    return layer;
  }

  private static Map<String, Layer> analyse(String relative) {
    LayerAnalyzer analyzer = new LayerAnalyzer(new SvdSolver(), new WeightWatcherFit());
    Map<String, Layer> out = new HashMap<>();
    try (CheckpointReader reader = CheckpointFormats.open(SharedData.resolve(relative).toString(), new LocalInputFiles())) {
      List<LayerSpec> specs = new LayerPlanner(LayerSelection.defaults()).plan(reader.tensors()).specs();
      for (LayerSpec spec : specs) {
        double[] values = reader.load(spec.tensor()).values();
        out.put(spec.tensor().name(), new Layer(spec, values, analyzer.analyze(spec, values)));
      }
    } catch (CheckpointFormatException e) {
      throw new IllegalStateException("cannot read " + relative + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
