package org.htsr.spark.views;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.htsr.io.metadata.MetadataSource;
import org.htsr.report.NaturalOrder;

/**
 * Views over the committed tables for comparing runs (docs/experiments.md): runs and experiments
 * come from the metadata table ({@code run}: the model name from the path unless a manifest says
 * otherwise; {@code experiment}: --experiment or a manifest column). Also two SQL functions:
 * {@code natural_key(name)} (sort run_bs2 before run_bs16) and the aggregate
 * {@code rank_correlation(x, y)} (Spearman's ρ, Kendall's τ, n and p-values).
 */
public final class ExperimentViews {

  /** Accuracy keys tried in order: a manifest's test_acc, then the Trainer's eval_accuracy, … */
  static final String ACCURACY = "coalesce(m.numbers['test_acc'], m.numbers['test_accuracy'], m.numbers['eval_accuracy'], "
      + "m.numbers['eval_acc'], m.numbers['accuracy'])";

  /**
   * The views that are plain SQL over the tables' views, in dependency order: {@link #register}
   * creates them, and {@code jobs/htsr-tables.sql} holds the same text for spark-sql users
   * ({@code HtsrTablesSqlTest} compares the two). {@code experiment_correlations} is not among them:
   * it needs the {@code rank_correlation} function of htsr's jar.
   */
  static final Map<String, String> PLAIN_VIEWS = plainViews();

  private ExperimentViews() {}

  private static Map<String, String> plainViews() {
    String precedence = Arrays.stream(MetadataSource.values())
        .map(s -> "WHEN '" + s.label() + "' THEN " + s.ordinal())
        .collect(Collectors.joining(" ", "CASE source ", " ELSE 99 END"));
    Map<String, String> views = new LinkedHashMap<>();
    views.put("checkpoint_metadata", "SELECT checkpoint, checkpoint_id, config_hash, model, step, key, value, number, source FROM ("
        + "SELECT t.*, row_number() OVER (PARTITION BY checkpoint, config_hash, key ORDER BY " + precedence + ") AS htsr_rank "
        + "FROM metadata t) WHERE htsr_rank = 1");
    views.put("htsr_checkpoint_keys", "SELECT checkpoint, config_hash, "
        + "max(CASE WHEN key = 'experiment' THEN value END) AS experiment, "
        + "max(CASE WHEN key = 'run' THEN value END) AS run, "
        + "max(CASE WHEN key = 'epoch' THEN number END) AS epoch, "
        + "map_from_entries(collect_list(CASE WHEN number IS NOT NULL THEN struct(key, number) END)) AS numbers "
        + "FROM checkpoint_metadata GROUP BY checkpoint, config_hash");
    views.put("runs_series", "SELECT coalesce(m.experiment, '(none)') AS experiment, coalesce(m.run, c.model) AS run, c.step, m.epoch, "
        + ACCURACY + " AS accuracy, c.alpha, c.alpha_weighted, c.log_alpha_norm, c.log_spectral_norm, c.log_norm, "
        + "c.stable_rank, c.mp_softrank, c.layers, c.layers_failed, c.status, coalesce(m.numbers, map()) AS numbers, "
        + "c.model, c.checkpoint, c.config_hash "
        + "FROM checkpoints c LEFT JOIN htsr_checkpoint_keys m ON c.checkpoint = m.checkpoint AND c.config_hash = m.config_hash");
    views.put("layer_series", "SELECT coalesce(m.experiment, '(none)') AS experiment, coalesce(m.run, l.model) AS run, l.step, m.epoch, "
        + ACCURACY + " AS accuracy, l.layer_index, l.layer_name, l.slice, l.layer_type, l.alpha, l.alpha_weighted, l.D, "
        + "l.num_pl_spikes, l.num_spikes, l.phase, l.warning, l.status, coalesce(m.numbers, map()) AS numbers, "
        + "l.model, l.checkpoint, l.config_hash "
        + "FROM layers l LEFT JOIN htsr_checkpoint_keys m ON l.checkpoint = m.checkpoint AND l.config_hash = m.config_hash");
    return Collections.unmodifiableMap(views);
  }

  /** Registers the functions and the views {@code checkpoint_metadata, runs_series, layer_series, experiment_correlations}; call after {@code TableStore.registerViews()}. */
  public static void register(SparkSession spark) {
    if (!spark.catalog().functionExists("natural_key")) {
      spark.udf().register("natural_key", (UDF1<String, String>) NaturalOrder::key, DataTypes.StringType);
      spark.udf().register("rank_correlation",
          functions.udaf(new RankCorrelationAggregator(), Encoders.tuple(Encoders.DOUBLE(), Encoders.DOUBLE())));
    }
    PLAIN_VIEWS.forEach((name, sql) -> spark.sql(sql).createOrReplaceTempView(name));
    spark.sql("WITH s AS (SELECT r.*, max(step) OVER (PARTITION BY experiment, run, config_hash) AS last_step FROM runs_series r "
            + "WHERE status = 'success'), "
            + "scoped AS (SELECT 'all' AS checkpoints, s.* FROM s UNION ALL "
            + "SELECT 'final' AS checkpoints, s.* FROM s WHERE step IS NOT DISTINCT FROM last_step), "
            + "pairs AS (SELECT experiment, config_hash, checkpoints, metric, x, accuracy FROM scoped "
            + "LATERAL VIEW stack(3, 'alpha_weighted', alpha_weighted, 'alpha', alpha, 'log_alpha_norm', log_alpha_norm) v AS metric, x), "
            + "r AS (SELECT experiment, config_hash, checkpoints, metric, rank_correlation(x, accuracy) AS c FROM pairs "
            + "GROUP BY experiment, config_hash, checkpoints, metric) "
            + "SELECT experiment, checkpoints, metric, 'accuracy' AS against, c.n AS n, c.spearman AS spearman_rho, "
            + "c.spearman_p AS spearman_p, c.kendall AS kendall_tau, c.kendall_p AS kendall_p, config_hash FROM r")
        .createOrReplaceTempView("experiment_correlations");
  }
}
