package org.htsr.spark.views;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.htsr.report.CheckpointRow;
import org.htsr.report.FailureRow;
import org.htsr.report.Feature;
import org.htsr.report.LayerKey;
import org.htsr.report.LayerRow;
import org.htsr.report.MpEdges;
import org.htsr.report.PhaseReading;
import org.htsr.report.PlotScope;
import org.htsr.report.PlotSelection;
import org.htsr.report.RandomizedMetrics;
import org.htsr.report.ReportData;
import org.htsr.report.RunRow;
import org.htsr.report.Spectrum;
import org.htsr.report.TailFit;

/**
 * Reads what the report shows from the views {@code layers, checkpoints, esd, failures, runs}
 * (registered by the caller) into the report's records: one analysis configuration, narrowed by
 * the options' filters, with the spectra of the layers that get plots. Columns that only newer
 * analyses write (MP fit, randomized ESD, phase) are read when the views have them.
 */
public final class ReportRows {

  private ReportRows() {}

  public static ReportData read(SparkSession spark, ReportOptions options, String source) {
    String config = options.config().orElseGet(() -> latestConfig(spark));
    Dataset<Row> layers = spark.table("layers").filter(col("config_hash").equalTo(lit(config)));
    Dataset<Row> checkpoints = spark.table("checkpoints").filter(col("config_hash").equalTo(lit(config)));
    Dataset<Row> failures = spark.table("failures").filter(col("config_hash").equalTo(lit(config)));
    Dataset<Row> esd = spark.table("esd").filter(col("config_hash").equalTo(lit(config)));
    if (!options.checkpointPatterns().isEmpty()) {
      Column keep = matchesAny(options.checkpointPatterns(), "checkpoint", "model");
      layers = layers.filter(keep);
      checkpoints = checkpoints.filter(keep);
      failures = failures.filter(keep);
      esd = esd.filter(keep);
    }
    if (!options.layerPatterns().isEmpty()) {
      Column keep = matchesAny(options.layerPatterns(), "layer_name");
      layers = layers.filter(keep);
      failures = failures.filter(keep);
      esd = esd.filter(keep);
      // a checkpoint without a matching layer has nothing to show
      checkpoints = checkpoints.join(layers.select("checkpoint").distinct(), "checkpoint").select(checkpoints.col("*"));
    }
    Set<Feature> features = features(layers, esd);
    List<CheckpointRow> checkpointRows = checkpoints
        .orderBy(col("model").asc_nulls_last(), col("step").asc_nulls_last(), col("checkpoint"))
        .collectAsList().stream().map(ReportRows::checkpoint).toList();
    Set<String> columns = Set.of(layers.columns());
    List<LayerRow> layerRows = layers.orderBy("checkpoint", "layer_index", "slice")
        .collectAsList().stream().map(r -> layer(r, columns)).toList();
    List<FailureRow> failureRows = failures.orderBy("checkpoint", "layer_name").collectAsList().stream()
        .map(r -> new FailureRow(r.getAs("checkpoint"), r.getAs("layer_name"), r.getAs("stage"), r.getAs("error_class"), r.getAs("message")))
        .toList();
    Set<String> runIds = new HashSet<>(checkpointRows.stream().map(CheckpointRow::runId).toList());
    List<RunRow> runs = spark.table("runs").filter(col("config_hash").equalTo(lit(config))).orderBy("started_at")
        .collectAsList().stream().filter(r -> runIds.contains(r.<String>getAs("run_id"))).map(ReportRows::run).toList();

    PlotScope scope = PlotSelection.choose(checkpointRows, layerRows,
        options.filtered() ? PlotSelection.Rule.EVERY_CHECKPOINT : PlotSelection.Rule.LATEST_STEP_PER_MODEL, options.maxLayerPlots());
    Map<LayerKey, Spectrum> spectra = spectra(spark, esd, scope.plottedLayers());
    return new ReportData(source, config, runs, checkpointRows, layerRows, failureRows, spectra, features, scope, options.describeFilters(),
        ComparisonRows.read(spark, config, options.layerPatterns()));
  }

  /** The configuration of the most recent run that has rows; "(none)" for empty tables. */
  private static String latestConfig(SparkSession spark) {
    List<Row> latest = spark.sql("SELECT r.config_hash FROM runs r LEFT SEMI JOIN checkpoints c ON r.config_hash = c.config_hash "
        + "ORDER BY r.ended_at DESC LIMIT 1").collectAsList();
    if (!latest.isEmpty()) {
      return latest.get(0).getString(0);
    }
    List<Row> any = spark.sql("SELECT config_hash FROM checkpoints LIMIT 1").collectAsList();
    return any.isEmpty() ? "(none)" : any.get(0).getString(0);
  }

  /**
   * A pattern with % is an SQL LIKE pattern (_ then matches one character); any other pattern is a
   * plain substring, so that the underscores of tensor names need no escaping.
   */
  static Column matchesAny(List<String> patterns, String... columns) {
    Column any = lit(false);
    for (String p : patterns) {
      for (String c : columns) {
        Column m = p.contains("%") ? col(c).like(p) : col(c).contains(p);
        any = any.or(coalesce(m, lit(false)));
      }
    }
    return any;
  }

  /**
   * The optional parts these rows hold: a column that some row fills, not merely a column of the
   * schema (every table has the rand_* columns; only --randomize runs fill them).
   */
  private static Set<Feature> features(Dataset<Row> layers, Dataset<Row> esd) {
    Set<Feature> f = EnumSet.noneOf(Feature.class);
    if (filled(layers, "bulk_max")) {
      f.add(Feature.MP_FIT);
    }
    if (filled(layers, "rand_distance") || filled(layers, "ww_softrank")) {
      f.add(Feature.RANDOMIZED_METRICS);
    }
    if (filled(esd, "rand_eigenvalues")) {
      f.add(Feature.RANDOMIZED_ESD);
    }
    if (filled(layers, "phase")) {
      f.add(Feature.PHASE);
    }
    return f;
  }

  private static boolean filled(Dataset<Row> rows, String column) {
    return Arrays.asList(rows.columns()).contains(column) && !rows.filter(col(column).isNotNull()).select(column).limit(1).isEmpty();
  }


  private static CheckpointRow checkpoint(Row r) {
    return new CheckpointRow(r.getAs("checkpoint"), r.getAs("model"), r.getAs("step"), r.getAs("run_id"), r.<Integer>getAs("layers"),
        r.<Integer>getAs("layers_failed"), r.getAs("alpha"), r.getAs("alpha_weighted"), r.getAs("status"), r.getAs("error"));
  }

  private static RunRow run(Row r) {
    return new RunRow(r.getAs("run_id"), r.<Timestamp>getAs("started_at").toInstant(), r.<Timestamp>getAs("ended_at").toInstant(),
        r.getAs("status"), r.getAs("inputs"), r.getAs("config"), r.getAs("htsr_version"));
  }

  private static LayerRow layer(Row r, Set<String> columns) {
    Double alpha = number(r, "alpha");
    Double xmin = number(r, "xmin");
    Optional<TailFit> tail = alpha == null || xmin == null ? Optional.empty()
        : Optional.of(new TailFit(alpha, xmin, number(r, "D"), integer(optionalNumber(r, columns, "num_pl_spikes")), r.getAs("warning")));
    Optional<MpEdges> mp = Optional.empty();
    if (columns.contains("bulk_max") && columns.contains("bulk_min") && number(r, "bulk_max") != null && number(r, "bulk_min") != null) {
      mp = Optional.of(new MpEdges(number(r, "bulk_min"), number(r, "bulk_max"),
          integer(optionalNumber(r, columns, "num_spikes")), optionalNumber(r, columns, "mp_softrank")));
    }
    Optional<RandomizedMetrics> randomized = columns.contains("rand_distance") || columns.contains("ww_softrank")
        ? Optional.of(new RandomizedMetrics(optionalNumber(r, columns, "rand_distance"), optionalNumber(r, columns, "ww_softrank"),
            integer(optionalNumber(r, columns, "rand_num_spikes")), optionalNumber(r, columns, "max_rand_eval"),
            optionalNumber(r, columns, "rand_mp_softrank")))
        : Optional.empty();
    Optional<PhaseReading> phase = columns.contains("phase") && r.getAs("phase") != null
        ? Optional.of(new PhaseReading(r.getAs("phase"), columns.contains("phase_reason") ? r.getAs("phase_reason") : null))
        : Optional.empty();
    return new LayerRow(new LayerKey(r.getAs("checkpoint"), r.<Integer>getAs("layer_index"), r.getAs("slice")),
        r.getAs("layer_name"), r.getAs("layer_type"), r.getAs("shape"), r.<Long>getAs("N"), r.<Long>getAs("M"), r.<Double>getAs("Q"),
        r.<Long>getAs("num_evals"), number(r, "lambda_max"), number(r, "alpha_weighted"), r.getAs("status"), r.getAs("error"),
        tail, mp, randomized, phase);
  }

  /** A numeric column as a double, whatever its numeric type; null for SQL null. */
  private static Double number(Row r, String column) {
    Object v = r.get(r.fieldIndex(column));
    return v == null ? null : ((Number) v).doubleValue();
  }

  private static Double optionalNumber(Row r, Set<String> columns, String column) {
    return columns.contains(column) ? number(r, column) : null;
  }

  private static Integer integer(Double v) {
    return v == null ? null : (int) Math.round(v);
  }

  /** The eigenvalues (and randomized eigenvalues) of the chosen layers, fetched with one join. */
  private static Map<LayerKey, Spectrum> spectra(SparkSession spark, Dataset<Row> esd, Set<LayerKey> keys) {
    Map<LayerKey, Spectrum> out = new LinkedHashMap<>();
    if (keys.isEmpty()) {
      return out;
    }
    StructType schema = new StructType().add("k_checkpoint", DataTypes.StringType).add("k_index", DataTypes.IntegerType)
        .add("k_slice", DataTypes.IntegerType);
    List<Row> rows = new ArrayList<>();
    keys.forEach(k -> rows.add(RowFactory.create(k.checkpoint(), k.layerIndex(), k.slice())));
    Dataset<Row> wanted = spark.createDataFrame(rows, schema);
    boolean randomized = Arrays.asList(esd.columns()).contains("rand_eigenvalues");
    List<Column> select = new ArrayList<>(List.of(col("checkpoint"), col("layer_index"), col("slice"), col("eigenvalues")));
    if (randomized) {
      select.add(col("rand_eigenvalues"));
    }
    Dataset<Row> joined = esd.join(broadcast(wanted), esd.col("checkpoint").equalTo(wanted.col("k_checkpoint"))
            .and(esd.col("layer_index").equalTo(wanted.col("k_index"))).and(esd.col("slice").eqNullSafe(wanted.col("k_slice"))))
        .select(select.toArray(Column[]::new));
    for (Row r : joined.collectAsList()) {
      Optional<double[]> rand = randomized && !r.isNullAt(4) ? Optional.of(doubles(r.getList(4))) : Optional.empty();
      out.put(new LayerKey(r.getString(0), r.getInt(1), r.isNullAt(2) ? null : r.getInt(2)), new Spectrum(doubles(r.getList(3)), rand));
    }
    return out;
  }

  private static double[] doubles(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
