package org.htsr.table;

import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/** The {@code checkpoints} table: one row per checkpoint a batch attempted. */
public final class CheckpointRows {

  /** The phase labels, which are also the names of the count columns. */
  static final java.util.List<String> PHASES = java.util.Arrays.stream(org.htsr.model.Phase.values()).map(org.htsr.model.Phase::label).toList();

  private CheckpointRows() {}

  /**
   * What the driver aggregates for one checkpoint.
   *
   * @param tensorsSkipped listed tensors that are not analysed, null when listing failed
   * @param error null when the checkpoint was listed and analysed
   */
  public record Summary(
      String checkpoint,
      String label,
      String format,
      long bytes,
      long modifiedMillis,
      Integer tensors,
      Integer tensorsSkipped,
      int layers,
      int layersFailed,
      Means means,
      double seconds,
      String error) {

    public boolean succeeded() {
      return error == null;
    }
  }

  /**
   * Running means over a checkpoint's successful layers of the layers table's summary columns,
   * kept under the column's name (the checkpoints table's column of the same name holds the mean),
   * and its phase counts.
   */
  public static final class Means {
    /** The layers columns averaged into the checkpoints column of the same name. */
    public static final List<String> COLUMNS =
        List.of("alpha", "alpha_weighted", "log_norm", "log_spectral_norm", "log_alpha_norm", "stable_rank", "mp_softrank");

    private final Map<String, Double> sums = new HashMap<>();
    private final Map<String, Integer> counts = new HashMap<>();
    private final Map<String, Integer> phases = new HashMap<>();

    /** Counts a layer's phase label. */
    public void addPhase(String phase) {
      if (phase != null) {
        phases.merge(phase, 1, Integer::sum);
      }
    }

    /** Adds one layer's value of {@code column}; null (no value) is left out of the mean. */
    public void add(String column, Double value) {
      if (!COLUMNS.contains(column)) {
        throw new IllegalArgumentException("no averaged column is named " + column);
      }
      if (value != null) {
        sums.merge(column, value, Double::sum);
        counts.merge(column, 1, Integer::sum);
      }
    }

    /** The mean of {@code column}, or null when no layer had a value. */
    public Double mean(String column) {
      Integer n = counts.get(column);
      return n == null ? null : sums.get(column) / n;
    }

    public Double alpha() {
      return mean("alpha");
    }

    public Double alphaWeighted() {
      return mean("alpha_weighted");
    }
  }

  public static Row row(RowKey key, Summary s) {
    Map<String, Object> v = new HashMap<>();
    key.putInto(v);
    v.put("format", s.format());
    v.put("bytes", s.bytes());
    v.put("modified_at", new Timestamp(s.modifiedMillis()));
    v.put("tensors", s.tensors());
    v.put("tensors_skipped", s.tensorsSkipped());
    v.put("layers", s.layers());
    v.put("layers_failed", s.layersFailed());
    for (String column : Means.COLUMNS) {
      v.put(column, s.means().mean(column));
    }
    for (String phase : PHASES) {
      v.put(phase, s.means().phases.getOrDefault(phase, 0));
    }
    v.put("seconds", s.seconds());
    v.put("status", s.succeeded() ? "success" : "failed");
    v.put("error", s.error());
    return Rows.of(Tables.CHECKPOINT_COLUMNS, v);
  }
}
