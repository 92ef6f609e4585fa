package org.htsr.spark.run;

import org.htsr.spark.discovery.CheckpointRef;
import org.htsr.spark.hadoop.SerializableHadoopConf;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.htsr.analysis.LayerAnalyzer;
import org.htsr.io.CheckpointFormatException;
import org.htsr.linalg.GramEigenSolver;
import org.htsr.linalg.LayerSpectra;
import org.htsr.linalg.SpectrumException;
import org.htsr.model.LayerFailure;
import org.htsr.model.LayerResult;
import org.htsr.model.LayerSpec;
import org.htsr.model.LayerSpectrum;
import org.htsr.table.RowKey;

/**
 * A layer on the distributed route, driven from the driver: it reads the header, has the
 * executors compute the spectrum ({@link DistributedSpectrum}), and fits it like any other layer.
 */
final class DistributedLayers {

  private DistributedLayers() {}

  static TaskOutcome analyze(JavaSparkContext jsc, LayerTask task, TaskSettings settings, SerializableHadoopConf conf) {
    CheckpointRef ref = task.checkpoint();
    RowKey key = settings.rowKey(ref);
    // the driver planned this tensor's one spec; nothing is read here but its blocks, by the executors
    LayerSpec spec = task.specs().get(0);
    return ExecutorTasks.outcome(key, List.of(analyze(jsc, ref, task.format(), spec, settings, conf)), settings);
  }

  private static LayerResult analyze(JavaSparkContext jsc, CheckpointRef ref, String format, LayerSpec spec, TaskSettings settings, SerializableHadoopConf conf) {
    long start = System.nanoTime();
    String name = "distributed-" + settings.route().label();
    double[] eigenvalues;
    try {
      jsc.setJobGroup("htsr-distributed-" + spec.tensor().name(), "htsr: distributed spectrum of " + spec.tensor().name(), false);
      eigenvalues = DistributedSpectrum.eigenvalues(jsc, ref.uri(), format, spec.tensor(), settings.route(), conf,
          settings.executorBudget());
    } catch (CheckpointFormatException e) {
      return LayerResult.failed(spec, new LayerFailure(LayerFailure.Stage.READ, e.problem().name(), e.getMessage()), seconds(start));
    } catch (SpectrumException e) {
      return LayerResult.failed(spec, new LayerFailure(LayerFailure.Stage.SPECTRUM, "SpectrumException", spec.tensor().name() + ": " + e.getMessage()), seconds(start));
    } catch (Exception e) {
      // a failed Spark job (an executor lost or out of memory: Scala throws SparkException
      // unchecked) fails this layer, not the run; the trace goes to the log, the row keeps why
      String message = ref.uri() + ", tensor '" + spec.tensor().name() + "': the distributed spectrum job failed: "
          + Causes.oneLine(e);
      System.getLogger(DistributedLayers.class.getName()).log(System.Logger.Level.WARNING, message, e);
      return LayerResult.failed(spec, new LayerFailure(LayerFailure.Stage.SPECTRUM, "InternalError", message), seconds(start));
    }
    if (!(eigenvalues[eigenvalues.length - 1] > 0)) {
      return LayerResult.failed(spec, new LayerFailure(LayerFailure.Stage.MATRIX, "AllZero",
          spec.tensor().name() + ": every value is zero, the ESD is empty"), seconds(start));
    }
    LayerSpectrum spectrum = LayerSpectra.pool(new double[][] {eigenvalues}, eigenvalues.length, spec.n(), GramEigenSolver.RANK_TOLERANCE, name);
    LayerAnalyzer analyzer = settings.layerAnalyzer();
    return analyzer.analyzeSpectrum(spec, spectrum, seconds(start));
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
