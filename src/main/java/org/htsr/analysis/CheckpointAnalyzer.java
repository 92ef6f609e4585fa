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
import org.htsr.linalg.Reduction;
import org.htsr.linalg.Reductions;
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
      Session session = session();
      for (List<LayerSpec> specs : byTensor(plan.specs()).values()) {
        session.analyzeTensor(reader, specs);
      }
      return new CheckpointResult(location, session.finish(), plan.skipped());
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
    Session session = session();
    session.analyzeTensor(reader, specs);
    return session.finish();
  }

  /** The tensors of one checkpoint (or task), one after the other, their small layers solved in pairs. */
  public Session session() {
    return new Session();
  }

  /**
   * Analyses tensors in turn; a small layer reduced to a tridiagonal matrix waits for the next
   * one, and the two matrices' eigenvalues are found together ({@link Reductions#solveAll}: two
   * chains of dependent divisions on one core, docs/benchmarks.md P). At most one layer waits, and
   * only one of at most {@link #PAIRED_ELEMENTS} values, so memory grows by little. Results keep
   * the order of the specs.
   */
  public final class Session {
    private final List<LayerResult> results = new ArrayList<>();
    private Waiting waiting;

    private Session() {}

    /** As {@link CheckpointAnalyzer#analyzeTensor}, the results kept for {@link #finish}. */
    public void analyzeTensor(CheckpointReader reader, List<LayerSpec> specs) {
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
        emitWaiting();
        results.addAll(failedAll(specs, new LayerFailure(Stage.READ, e.problem().name(), e.getMessage()), start));
        return;
      } catch (RuntimeException | InternalError | StackOverflowError e) {
        // InternalError: a memory-mapped file truncated while it is read (SIGBUS)
        emitWaiting();
        results.addAll(failedAll(specs, unexpected(tensor, Stage.READ, e), start));
        return;
      }
      double share = (System.nanoTime() - start) / 1e9 / specs.size();
      for (LayerSpec spec : specs) {
        LayerAnalyzer.Prepared prepared;
        try {
          prepared = analyzer.prepare(spec, values);
        } catch (RuntimeException | StackOverflowError e) {
          prepared = new LayerAnalyzer.Prepared.Done(LayerResult.failed(spec, unexpected(tensor, Stage.SPECTRUM, e), 0));
        }
        accept(prepared, share);
      }
    }

    /** Every result, in the order of the specs; the layer still waiting solved alone. */
    public List<LayerResult> finish() {
      emitWaiting();
      return results;
    }

    private void accept(LayerAnalyzer.Prepared prepared, double secondsRead) {
      if (prepared instanceof LayerAnalyzer.Prepared.Reduced reduced
          && reduced.hasTridiagonal() && reduced.elements() <= PAIRED_ELEMENTS) {
        if (waiting == null) {
          waiting = new Waiting(reduced, secondsRead);
        } else {
          Waiting first = waiting;
          waiting = null;
          solveAndComplete(List.of(first, new Waiting(reduced, secondsRead)));
        }
        return;
      }
      emitWaiting();
      if (prepared instanceof LayerAnalyzer.Prepared.Done done) {
        results.add(done.result().withSecondsRead(secondsRead));
      } else {
        solveAndComplete(List.of(new Waiting((LayerAnalyzer.Prepared.Reduced) prepared, secondsRead)));
      }
    }

    private void emitWaiting() {
      if (waiting != null) {
        Waiting alone = waiting;
        waiting = null;
        solveAndComplete(List.of(alone));
      }
    }

    /** Solves the layers' reductions together, then completes each in order, sharing the time equally. */
    private void solveAndComplete(List<Waiting> layers) {
      List<Reduction> all = new ArrayList<>();
      for (Waiting w : layers) {
        all.addAll(w.layer().reductions());
      }
      long start = System.nanoTime();
      List<Reduction> solved = Reductions.solveAll(all);
      double share = (System.nanoTime() - start) / 1e9 / layers.size();
      int from = 0;
      for (Waiting w : layers) {
        int to = from + w.layer().reductions().size();
        results.add(complete(w.layer(), solved.subList(from, to), share, w.secondsRead()));
        from = to;
      }
    }

    private LayerResult complete(LayerAnalyzer.Prepared.Reduced layer, List<Reduction> solved, double secondsSolving, double secondsRead) {
      LayerResult result;
      try {
        result = analyzer.complete(layer, solved, secondsSolving);
      } catch (RuntimeException | StackOverflowError e) {
        result = LayerResult.failed(layer.spec(), unexpected(layer.spec().tensor(), Stage.SPECTRUM, e), 0);
      }
      return result.withSecondsRead(secondsRead);
    }
  }

  /** A reduced layer waiting for a second, with its share of its tensor's reading time. */
  private record Waiting(LayerAnalyzer.Prepared.Reduced layer, double secondsRead) {}

  /**
   * The most values a layer may hold while it waits for the next: 4 Mi doubles, 32 MB (the zoo's
   * layers hold 64–256 Ki). Larger layers are solved at once: their tridiagonal step is a smaller
   * share of their time, and keeping them would add to a task's peak memory.
   */
  static final long PAIRED_ELEMENTS = 4L << 20;

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
