package org.htsr.table;

import java.sql.Timestamp;
import java.util.HashMap;
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
   * @param error null when the checkpoint was listed and analysed
   */
  public record Summary(
      String checkpoint,
      String label,
      String format,
      long bytes,
      long modifiedMillis,
      Integer tensors,
      int layers,
      int layersFailed,
      Means means,
      double seconds,
      String error) {

    public boolean succeeded() {
      return error == null;
    }
  }

  /** Running means of the summary metrics over successful layers; null when there are none. */
  public static final class Means {
    private final double[] sums = new double[7];
    private final int[] counts = new int[7];
    private final java.util.Map<String, Integer> phases = new java.util.HashMap<>();

    /** Counts a layer's phase label. */
    public void addPhase(String phase) {
      if (phase != null) {
        phases.merge(phase, 1, Integer::sum);
      }
    }

    public void add(Double alpha, Double alphaWeighted, Double logNorm, Double logSpectralNorm, Double logAlphaNorm, Double stableRank,
        Double mpSoftrank) {
      Double[] v = {alpha, alphaWeighted, logNorm, logSpectralNorm, logAlphaNorm, stableRank, mpSoftrank};
      for (int i = 0; i < v.length; i++) {
        if (v[i] != null) {
          sums[i] += v[i];
          counts[i]++;
        }
      }
    }

    public Double alpha() {
      return mean(0);
    }

    public Double alphaWeighted() {
      return mean(1);
    }

    Double mean(int i) {
      return counts[i] == 0 ? null : sums[i] / counts[i];
    }
  }

  public static Row row(RowKey key, Summary s) {
    Map<String, Object> v = new HashMap<>();
    key.putInto(v);
    v.put("format", s.format());
    v.put("bytes", s.bytes());
    v.put("modified_at", new Timestamp(s.modifiedMillis()));
    v.put("tensors", s.tensors());
    v.put("layers", s.layers());
    v.put("layers_failed", s.layersFailed());
    v.put("alpha", s.means().mean(0));
    v.put("alpha_weighted", s.means().mean(1));
    v.put("log_norm", s.means().mean(2));
    v.put("log_spectral_norm", s.means().mean(3));
    v.put("log_alpha_norm", s.means().mean(4));
    v.put("stable_rank", s.means().mean(5));
    v.put("mp_softrank", s.means().mean(6));
    for (String phase : PHASES) {
      v.put(phase, s.means().phases.getOrDefault(phase, 0));
    }
    v.put("seconds", s.seconds());
    v.put("status", s.succeeded() ? "success" : "failed");
    v.put("error", s.error());
    return Rows.of(Tables.CHECKPOINT_COLUMNS, v);
  }
}
