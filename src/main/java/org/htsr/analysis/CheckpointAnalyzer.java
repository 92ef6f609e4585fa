package org.htsr.analysis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.htsr.io.CheckpointFormatException;
import org.htsr.io.CheckpointFormats;
import org.htsr.io.CheckpointReader;
import org.htsr.io.InputFiles;
import org.htsr.model.LayerFailure;
import org.htsr.model.LayerFailure.Stage;
import org.htsr.model.LayerResult;
import org.htsr.model.LayerSpec;
import org.htsr.model.TensorData;
import org.htsr.model.TensorInfo;

/**
 * A whole checkpoint, or one tensor of it, through the numerical core: read → plan → analyse.
 * A bad tensor fails its own layers only; a checkpoint that cannot be listed fails as a whole.
 */
public final class CheckpointAnalyzer {

  private final LayerPlanner planner;
  private final LayerAnalyzer analyzer;
  private final long maxTensorElements;

  /**
   * @param maxTensorElements the largest tensor one task may load (its values, matrix copies and
   *     LAPACK workspace must fit the heap); larger ones fail with a message naming the limit
   */
  public CheckpointAnalyzer(LayerPlanner planner, LayerAnalyzer analyzer, long maxTensorElements) {
    this.planner = planner;
    this.analyzer = analyzer;
    this.maxTensorElements = maxTensorElements;
  }

  /** Every planned layer of the checkpoint at {@code location}. */
  public CheckpointResult analyze(String location, InputFiles files) throws CheckpointFormatException {
    try (CheckpointReader reader = CheckpointFormats.open(location, files)) {
      LayerPlan plan = planner.plan(reader.tensors());
      List<LayerResult> results = new ArrayList<>();
      for (List<LayerSpec> specs : byTensor(plan.specs()).values()) {
        results.addAll(analyzeTensor(reader, specs));
      }
      return new CheckpointResult(location, results, plan.skipped());
    } catch (IOException closing) {
      throw new CheckpointFormatException(location, null, CheckpointFormatException.Problem.IO, closing.getMessage(), closing);
    }
  }

  /** The specs grouped by tensor, in plan order: one group is one load. */
  public static Map<String, List<LayerSpec>> byTensor(List<LayerSpec> specs) {
    Map<String, List<LayerSpec>> groups = new LinkedHashMap<>();
    for (LayerSpec spec : specs) {
      groups.computeIfAbsent(spec.tensor().name(), k -> new ArrayList<>()).add(spec);
    }
    return groups;
  }

  /** The layers of one tensor (one pooled spec, or one per slice), loading its values once. */
  public List<LayerResult> analyzeTensor(CheckpointReader reader, List<LayerSpec> specs) {
    long start = System.nanoTime();
    TensorInfo tensor = specs.get(0).tensor();
    double[] values;
    try {
      if (tensor.elementCount() > maxTensorElements) {
        throw new CheckpointFormatException(
            tensor.location(),
            tensor.name(),
            CheckpointFormatException.Problem.TOO_LARGE,
            tensor.elementCount() + " elements exceed the per-task limit of " + maxTensorElements
                + " (raise the executor heap, or use the distributed solver)");
      }
      TensorData data = reader.load(tensor);
      values = data.values();
    } catch (CheckpointFormatException e) {
      double share = (System.nanoTime() - start) / 1e9 / specs.size();
      LayerFailure failure = new LayerFailure(Stage.READ, e.problem().name(), e.getMessage());
      return specs.stream().map(spec -> LayerResult.failed(spec, failure, 0).withSecondsRead(share)).toList();
    }
    double share = (System.nanoTime() - start) / 1e9 / specs.size();
    List<LayerResult> results = new ArrayList<>(specs.size());
    for (LayerSpec spec : specs) {
      results.add(analyzer.analyze(spec, values).withSecondsRead(share));
    }
    return results;
  }
}
