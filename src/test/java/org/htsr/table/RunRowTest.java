package org.htsr.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The runs row is built by column name: each value lands in its column, whatever the order. */
class RunRowTest {

  @Test
  void everyValueLandsInTheColumnOfItsName() {
    Instant started = Instant.parse("2026-12-06T07:00:00Z");
    Instant ended = Instant.parse("2026-12-06T07:01:00Z");
    RunRow run = new RunRow("r1", started, ended, "0.1.0", "abc", "{}", "h", "data/models", "4.2.0", "Debian 17",
        "OpenBLAS 0.3.31 (bundled)", "local[2]",
        new RunRow.Counts(10, 9, 8, 7, 6, 5),
        new RunRow.Seconds(1.5, 2.5, 3.5, 4.5, 5.5, 6.5),
        "completed");
    Row row = run.toRow();
    StructType schema = Tables.schema(Tables.RUNS);
    assertEquals(schema.size(), row.size());
    Map<String, Object> expected = Map.ofEntries(
        Map.entry("run_id", "r1"), Map.entry("started_at", Timestamp.from(started)), Map.entry("ended_at", Timestamp.from(ended)),
        Map.entry("htsr_version", "0.1.0"), Map.entry("git_commit", "abc"), Map.entry("config", "{}"), Map.entry("config_hash", "h"),
        Map.entry("inputs", "data/models"), Map.entry("spark_version", "4.2.0"), Map.entry("java_version", "Debian 17"),
        Map.entry("blas", "OpenBLAS 0.3.31 (bundled)"), Map.entry("master", "local[2]"),
        Map.entry("checkpoints_found", 10), Map.entry("checkpoints_skipped", 9), Map.entry("checkpoints_analysed", 8),
        Map.entry("checkpoints_failed", 7), Map.entry("layers", 6), Map.entry("layers_failed", 5),
        Map.entry("seconds_listing", 1.5), Map.entry("seconds_reading", 2.5), Map.entry("seconds_solving", 3.5),
        Map.entry("seconds_fitting", 4.5), Map.entry("seconds_writing", 5.5), Map.entry("seconds_total", 6.5),
        Map.entry("status", "completed"));
    assertEquals(expected.keySet(), java.util.Set.of(schema.fieldNames()), "the record covers every column of runs");
    expected.forEach((name, value) -> assertEquals(value, row.get(schema.fieldIndex(name)), name));
  }

  @Test
  void aNameThatIsNoColumnIsAnError() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Rows.of(Tables.METADATA_COLUMNS, Map.of("checkpiont", "typo")));
    assertEquals("no column is named checkpiont", e.getMessage());
  }

  @Test
  void checkpointMeansAreKeptUnderTheirColumnsName() {
    CheckpointRows.Means means = new CheckpointRows.Means();
    means.add("alpha", 2.0);
    means.add("alpha", 4.0);
    means.add("stable_rank", null);
    assertEquals(3.0, means.mean("alpha"));
    assertEquals(null, means.mean("stable_rank"));
    assertThrows(IllegalArgumentException.class, () -> means.add("alpah", 1.0));
    assertEquals(List.of("alpha", "alpha_weighted", "log_norm", "log_spectral_norm", "log_alpha_norm", "stable_rank", "mp_softrank"),
        CheckpointRows.Means.COLUMNS.stream().filter(c -> Tables.schema(Tables.CHECKPOINTS).getFieldIndex(c).isDefined()).toList(),
        "every averaged column exists in checkpoints");
  }
}
