package org.htsr.spark.views;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.htsr.report.Comparisons;
import org.htsr.report.NaturalOrder;

/**
 * Reads the report's comparison across runs from the experiment views (runs_series, layer_series,
 * experiment_correlations, esd) of one analysis configuration: one row per checkpoint and per
 * layer, so it stays small for a series of runs.
 */
final class ComparisonRows {

  private ComparisonRows() {}

  static Comparisons read(SparkSession spark, String config, List<String> layerPatterns) {
    if (!spark.catalog().tableExists("runs_series")) {
      ExperimentViews.register(spark);
    }
    String where = " WHERE config_hash = '" + config.replace("'", "''") + "'";
    List<Comparisons.RunPoint> points = new ArrayList<>();
    for (Row r : spark.sql("SELECT experiment, run, step, epoch, accuracy, alpha, alpha_weighted, numbers FROM runs_series" + where).collectAsList()) {
      points.add(new Comparisons.RunPoint(r.getString(0), r.getString(1), r.isNullAt(2) ? null : r.getLong(2), doubleOrNull(r, 3),
          doubleOrNull(r, 4), doubleOrNull(r, 5), doubleOrNull(r, 6), numbers(r, 7)));
    }
    if (points.stream().map(Comparisons.RunPoint::run).distinct().count() < 2) {
      return Comparisons.NONE;
    }
    List<Comparisons.LayerPoint> layers = new ArrayList<>();
    for (Row r : spark.sql("SELECT experiment, run, step, epoch, layer_name, alpha, phase, numbers FROM layer_series" + where
        + " AND slice IS NULL AND status = 'success'").collectAsList()) {
      layers.add(new Comparisons.LayerPoint(r.getString(0), r.getString(1), r.isNullAt(2) ? null : r.getLong(2), doubleOrNull(r, 3),
          r.getString(4), doubleOrNull(r, 5), r.getString(6), numbers(r, 7)));
    }
    List<Comparisons.Correlation> correlations = new ArrayList<>();
    for (Row r : spark.sql("SELECT experiment, checkpoints, metric, n, spearman_rho, spearman_p, kendall_tau, kendall_p FROM experiment_correlations"
        + where + " ORDER BY experiment, checkpoints, metric").collectAsList()) {
      correlations.add(new Comparisons.Correlation(r.getString(0), r.getString(1), r.getString(2), r.getInt(3), doubleOrNull(r, 4),
          doubleOrNull(r, 5), doubleOrNull(r, 6), doubleOrNull(r, 7)));
    }
    return new Comparisons(points, layers, correlations, esdAcrossRuns(spark, where, layerPatterns));
  }

  /**
   * The ESD of one dense layer at each run's last step: the first --layer pattern's layer, else the
   * dense layer with the most eigenvalues (FC1 in the paper's batch-size figure).
   */
  private static Comparisons.EsdAcrossRuns esdAcrossRuns(SparkSession spark, String where, List<String> layerPatterns) {
    List<Row> candidates = spark.sql("SELECT layer_name, max(num_evals) AS n FROM layers" + where
        + " AND layer_type = 'dense' AND slice IS NULL AND status = 'success' GROUP BY layer_name ORDER BY n DESC, layer_name").collectAsList();
    String layer = candidates.stream().map(r -> r.getString(0))
        .filter(name -> layerPatterns.isEmpty() || layerPatterns.stream().anyMatch(p -> name.matches(globToRegex(p))))
        .findFirst().orElse(null);
    if (layer == null) {
      return new Comparisons.EsdAcrossRuns("", Map.of());
    }
    Map<String, Long> lastStep = new HashMap<>();
    Map<String, double[]> byRun = new TreeMap<>(NaturalOrder.COMPARATOR);
    List<Row> rows = spark.sql("SELECT r.run, r.step, e.eigenvalues FROM esd e JOIN runs_series r "
        + "ON e.checkpoint = r.checkpoint AND e.config_hash = r.config_hash" + where.replace("config_hash", "e.config_hash")
        + " AND e.layer_name = '" + layer.replace("'", "''") + "' AND e.slice IS NULL").collectAsList();
    for (Row r : rows) {
      long step = r.isNullAt(1) ? Long.MIN_VALUE : r.getLong(1);
      if (step >= lastStep.getOrDefault(r.getString(0), Long.MIN_VALUE)) {
        lastStep.put(r.getString(0), step);
        List<Double> ev = r.getList(2);
        byRun.put(r.getString(0), ev.stream().mapToDouble(Double::doubleValue).toArray());
      }
    }
    return new Comparisons.EsdAcrossRuns(layer, new LinkedHashMap<>(byRun));
  }

  private static String globToRegex(String glob) {
    return glob.replace(".", "\\.").replace("*", ".*").replace("?", ".");
  }

  private static Double doubleOrNull(Row r, int i) {
    return r.isNullAt(i) ? null : r.getDouble(i);
  }

  private static Map<String, Double> numbers(Row r, int i) {
    if (r.isNullAt(i)) {
      return Map.of();
    }
    Map<String, Double> out = new HashMap<>();
    r.<String, Double>getJavaMap(i).forEach((k, v) -> {
      if (v != null) {
        out.put(k, v);
      }
    });
    return out;
  }
}
