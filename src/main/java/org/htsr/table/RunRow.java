package org.htsr.table;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * One row of the {@code runs} table, by column name: what ran, on what, what it found and where
 * its time went. {@link #toRow()} puts each value under its column's name, so the table's column
 * order lives only in {@code Tables}.
 */
public record RunRow(
    String runId,
    Instant startedAt,
    Instant endedAt,
    String htsrVersion,
    String gitCommit,
    String config,
    String configHash,
    String inputs,
    String sparkVersion,
    String javaVersion,
    String blas,
    String master,
    Counts counts,
    Seconds seconds,
    String status) {

  /** What the run found and did with it. */
  public record Counts(
      int checkpointsFound,
      int checkpointsSkipped,
      int checkpointsAnalysed,
      int checkpointsFailed,
      int layers,
      int layersFailed) {}

  /** Where the run's time went (docs/table-dictionary.md says which are wall and which task seconds). */
  public record Seconds(double listing, double reading, double solving, double fitting, double writing, double total) {}

  public Row toRow() {
    Map<String, Object> v = new HashMap<>();
    v.put("run_id", runId);
    v.put("started_at", Timestamp.from(startedAt));
    v.put("ended_at", Timestamp.from(endedAt));
    v.put("htsr_version", htsrVersion);
    v.put("git_commit", gitCommit);
    v.put("config", config);
    v.put("config_hash", configHash);
    v.put("inputs", inputs);
    v.put("spark_version", sparkVersion);
    v.put("java_version", javaVersion);
    v.put("blas", blas);
    v.put("master", master);
    v.put("checkpoints_found", counts.checkpointsFound());
    v.put("checkpoints_skipped", counts.checkpointsSkipped());
    v.put("checkpoints_analysed", counts.checkpointsAnalysed());
    v.put("checkpoints_failed", counts.checkpointsFailed());
    v.put("layers", counts.layers());
    v.put("layers_failed", counts.layersFailed());
    v.put("seconds_listing", seconds.listing());
    v.put("seconds_reading", seconds.reading());
    v.put("seconds_solving", seconds.solving());
    v.put("seconds_fitting", seconds.fitting());
    v.put("seconds_writing", seconds.writing());
    v.put("seconds_total", seconds.total());
    v.put("status", status);
    return Rows.of(Tables.RUN_COLUMNS, v);
  }
}
