package org.htsr.analysis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.htsr.io.CheckpointFormatException;
import org.htsr.io.formats.CheckpointFormats;
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

  /**
   * The layers of one tensor (one pooled spec, or one per slice), loading its values once. Nothing
   * thrown here escapes: a reader or analysis bug, or a file truncated under a memory map, fails
   * this tensor's layers with a message naming file, tensor and stage, and the other tensors of
   * the checkpoint go on; the stack trace goes to the log.
   */
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
                + (tensor.rank() == 2
                    ? " (raise the executor heap, or use --solver auto or distributed)"
                    : " (raise the executor heap: the distributed solver takes 2-D tensors only)"));
      }
      TensorData data = reader.load(tensor);
      values = data.values();
    } catch (CheckpointFormatException e) {
      return failedAll(specs, new LayerFailure(Stage.READ, e.problem().name(), e.getMessage()), start);
    } catch (RuntimeException | InternalError | StackOverflowError e) {
      // InternalError: a memory-mapped file truncated while it is read (SIGBUS)
      return failedAll(specs, unexpected(tensor, Stage.READ, e), start);
    }
    double share = (System.nanoTime() - start) / 1e9 / specs.size();
    List<LayerResult> results = new ArrayList<>(specs.size());
    for (LayerSpec spec : specs) {
      LayerResult result;
      try {
        result = analyzer.analyze(spec, values);
      } catch (RuntimeException | StackOverflowError e) {
        result = LayerResult.failed(spec, unexpected(tensor, Stage.SPECTRUM, e), 0);
      }
      results.add(result.withSecondsRead(share));
    }
    return results;
  }

  private static List<LayerResult> failedAll(List<LayerSpec> specs, LayerFailure failure, long start) {
    double share = (System.nanoTime() - start) / 1e9 / specs.size();
    return specs.stream().map(spec -> LayerResult.failed(spec, failure, 0).withSecondsRead(share)).toList();
  }

  /** An exception no check anticipated: its message in the row, its stack trace in the log. */
  private static LayerFailure unexpected(TensorInfo tensor, Stage stage, Throwable e) {
    String message = tensor.location() + ", tensor '" + tensor.name() + "': unexpected error at stage "
        + stage.label() + ": " + e;
    LOG.log(System.Logger.Level.WARNING, message, e);
    return new LayerFailure(stage, "InternalError", message);
  }

  private static final System.Logger LOG = System.getLogger(CheckpointAnalyzer.class.getName());
}
