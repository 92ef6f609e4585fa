package org.htsr.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.htsr.table.TableStore;
import org.htsr.testing.LocalSpark;
import org.htsr.testing.Parity;
import org.htsr.testing.SharedData;
import org.htsr.testing.WwReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job in local mode over the test data's models/ and synthetic/: the tables, read back
 * with Spark SQL, match WeightWatcher's reference on every layer it analysed.
 */
class AnalyzeJobTest {

  @TempDir static Path out;
  private static SparkSession spark;
  private static String log;

  @BeforeAll
  static void analyseModelsAndSynthetic() {
    spark = LocalSpark.session();
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    int status = AnalyzeJob.run(List.of("--out", out.toString(), "--batch-size", "4",
            SharedData.resolve("models").toString(), SharedData.resolve("synthetic").toString()),
        new PrintStream(buffer, true, StandardCharsets.UTF_8), System.err);
    log = buffer.toString(StandardCharsets.UTF_8);
    System.out.print(log);
    assertEquals(0, status, log);
  }

  @Test
  void everyLayerWeightWatcherAnalysedMatchesItsReference() {
    TableStore.open(spark, out.toString()).registerViews();
    Map<String, Row> rows = new HashMap<>();
    for (Row r : spark.sql("SELECT * FROM layers").collectAsList()) {
      String file = Path.of(java.net.URI.create(r.getAs("checkpoint"))).getFileName().toString();
      rows.put(file + "/" + r.getAs("layer_name"), r);
    }
    List<String> problems = new ArrayList<>();
    int compared = 0;
    for (String set : List.of("models", "synthetic")) {
      for (WwReference.Row ref : WwReference.load(set, "default")) {
        Row r = rows.get(ref.input() + "/" + ref.tensor());
        if (r == null) {
          problems.add(ref.input() + " " + ref.tensor() + ": no row");
          continue;
        }
        compared++;
        List<String> m = Parity.mismatches(ref, numbers(r), false);
        if (!m.isEmpty()) {
          problems.add(ref.input() + " " + ref.tensor() + ": " + m);
        }
      }
    }
    assertTrue(compared > 80, "compared " + compared);
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  /** The MP columns against WeightWatcher's {@code mp_fit=True} output (reference/ww/<set>/mpfit.csv). */
  @Test
  void marchenkoPasturColumnsMatchWeightWatcher() {
    TableStore.open(spark, out.toString()).registerViews();
    Map<String, Row> rows = new HashMap<>();
    for (Row r : spark.sql("SELECT checkpoint, layer_name, sigma_mp, num_spikes, mp_softrank, bulk_max, bulk_min, W_scale FROM layers").collectAsList()) {
      String file = Path.of(java.net.URI.create(r.getString(0))).getFileName().toString();
      rows.put(file + "/" + r.getString(1), r);
    }
    List<String> problems = new ArrayList<>();
    int compared = 0;
    for (String set : List.of("models", "synthetic")) {
      for (WwReference.Row ref : WwReference.load(set, "mpfit")) {
        Row r = rows.get(ref.input() + "/" + ref.tensor());
        compared++;
        for (String c : List.of("sigma_mp", "mp_softrank", "bulk_max", "bulk_min", "W_scale")) {
          double expected = ref.number(c);
          double got = r.getDouble(r.fieldIndex(c));
          if (!(Math.abs(got - expected) <= 1e-9 * Math.abs(expected))) {
            problems.add(ref.input() + " " + ref.tensor() + " " + c + ": expected " + expected + " got " + got);
          }
        }
        if (r.getInt(r.fieldIndex("num_spikes")) != (int) ref.number("num_spikes")) {
          problems.add(ref.input() + " " + ref.tensor() + " num_spikes: expected " + ref.text("num_spikes") + " got " + r.getInt(r.fieldIndex("num_spikes")));
        }
      }
    }
    assertTrue(compared > 80, "compared " + compared);
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  @Test
  void progressLinesAndSummaryArePrinted() {
    // the lines said while Spark starts (listing) follow the run's first line, which Spark's start completes
    List<String> lines = log.lines().toList();
    assertTrue(lines.get(0).startsWith("htsr ") && lines.get(0).contains(" run ") && lines.get(0).contains("BLAS on the driver"), log);
    assertTrue(lines.get(1).startsWith("found "), log);
    assertTrue(log.contains("[1/10]"), log);
    assertTrue(log.contains("[10/10]"), log);
    assertTrue(log.contains("ETA"), log);
    assertTrue(log.contains("alpha_w"), "summary table header missing");
  }

  @Test
  void everyTableHasItsRows() {
    TableStore.open(spark, out.toString()).registerViews();
    long layers = spark.sql("SELECT count(*) FROM layers").first().getLong(0);
    assertEquals(layers, spark.sql("SELECT count(*) FROM esd").first().getLong(0));
    assertEquals(10, spark.sql("SELECT count(*) FROM checkpoints").first().getLong(0));
    assertEquals(1, spark.sql("SELECT count(*) FROM runs").first().getLong(0));
    // the esd table holds each layer's full spectrum, consistent with its layer row
    Row check = spark.sql("SELECT l.num_evals, size(e.eigenvalues), l.lambda_max, element_at(e.eigenvalues, -1) "
        + "FROM layers l JOIN esd e USING (checkpoint, layer_name) WHERE l.layer_name = 'conv_64x32x3x3.weight'").first();
    assertEquals(check.getLong(0), (long) check.getInt(1));
    assertEquals(check.getDouble(2), check.getDouble(3), 0.0);
  }

  static Map<String, Number> numbers(Row r) {
    Map<String, Number> v = new HashMap<>();
    for (String c : List.of("alpha", "D", "sigma", "xmin", "lambda_max", "stable_rank", "log_norm", "log_spectral_norm",
        "alpha_weighted", "log_alpha_norm", "entropy")) {
      if (!r.isNullAt(r.fieldIndex(c))) {
        v.put(c, r.<Double>getAs(c));
      }
    }
    for (String c : List.of("num_pl_spikes", "matrix_rank", "rank_loss", "weak_rank_loss")) {
      if (!r.isNullAt(r.fieldIndex(c))) {
        v.put(c, r.<Integer>getAs(c));
      }
    }
    v.put("num_evals", r.<Long>getAs("num_evals"));
    return v;
  }
}
