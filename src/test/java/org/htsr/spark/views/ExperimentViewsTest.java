package org.htsr.spark.views;

import org.htsr.spark.AnalyzeJob;
import org.htsr.spark.QueryJob;
import org.htsr.spark.ReportJob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.htsr.io.safetensors.SafetensorsWriter;
import org.htsr.model.DType;
import org.htsr.stats.RankCorrelation;
import org.htsr.table.TableStore;
import org.htsr.testing.Lcg;
import org.htsr.testing.LocalSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated batch-size series in Hugging Face's layout (three runs, three checkpoints each, a
 * manifest for one run, and a run saved only at its end, whose path names no step), analysed with
 * --experiment and --manifest: the metadata table, the step from trainer_state.json, and the views
 * runs_series, layer_series and experiment_correlations.
 */
class ExperimentViewsTest {

  @TempDir static Path root;
  private static SparkSession spark;
  private static String log;

  @BeforeAll
  static void analyseTheSeries() throws IOException {
    spark = LocalSpark.session();
    Path series = root.resolve("series");
    int[] batches = {2, 16, 1024};
    int[] steps = {0, 100, 200};
    for (int b = 0; b < batches.length; b++) {
      Path run = Files.createDirectories(series.resolve("run_bs" + batches[b]));
      Files.writeString(run.resolve("training_args.json"), "{\"per_device_train_batch_size\": " + batches[b] + ", \"learning_rate\": 0.01}");
      Files.writeString(run.resolve("config.json"), "{\"model_type\": \"mlp\"}");
      for (int s = 0; s < steps.length; s++) {
        Path ckpt = Files.createDirectories(run.resolve("checkpoint-" + steps[s]));
        double acc = 0.5 + 0.1 * s - 0.02 * b;
        Files.writeString(ckpt.resolve("trainer_state.json"), "{\"global_step\": " + steps[s] + ", \"epoch\": " + s
            + ".0, \"log_history\": [{\"step\": " + steps[s] + ", \"eval_accuracy\": " + acc + ", \"eval_loss\": 0.1}]}");
        write(ckpt.resolve("model.safetensors"), 1000L * b + s, 1 + s * (b + 1));
      }
    }
    // trainer.save_model(output_dir): the final weights and state in the run folder itself
    Path last = Files.createDirectories(series.resolve("run_bs4"));
    Files.writeString(last.resolve("training_args.json"), "{\"per_device_train_batch_size\": 4}");
    Files.writeString(last.resolve("trainer_state.json"), "{\"global_step\": 300, \"epoch\": 3.0, \"log_history\": []}");
    write(last.resolve("model.safetensors"), 77, 5);
    Path manifest = root.resolve("manifest.csv");
    Files.writeString(manifest, "model,test_acc,note\nrun_bs1024,0.42,from the spreadsheet\n");

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status = AnalyzeJob.run(List.of("--out", root.resolve("out").toString(), "--experiment", "bs-sweep", "--manifest", manifest.toString(),
        series.toString()), new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
    log = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, status, log);
    TableStore.open(spark, root.resolve("out").toString()).registerViews();
    ExperimentViews.register(spark);
  }

  /** A 48×24 layer: Gaussian noise plus {@code spikes} rank-one outliers, so the spectra differ. */
  private static void write(Path file, long seed, int spikes) throws IOException {
    Lcg lcg = new Lcg(seed + 1);
    int n = 48;
    int m = 24;
    double[] w = new double[n * m];
    for (int i = 0; i < w.length; i++) {
      w[i] = lcg.nextUniform() - 0.5;
    }
    for (int k = 0; k < spikes; k++) {
      int i = k % n;
      for (int j = 0; j < m; j++) {
        w[i * m + j] += 0.6 * (lcg.nextUniform() - 0.5) * (k + 1);
      }
    }
    Files.write(file, new SafetensorsWriter().metadata("format", "pt").add("fc1.weight", DType.F32, List.of((long) n, (long) m), w).toByteArray());
  }

  @Test
  void metadataHoldsEverySourceAndTheTrainersStepFillsPathsWithoutOne() {
    Set<String> sources = spark.sql("SELECT DISTINCT source FROM metadata").collectAsList().stream().map(r -> r.getString(0)).collect(Collectors.toSet());
    assertEquals(Set.of("manifest", "option", "trainer_state", "training_args", "model_config", "file", "path"), sources);
    Row last = spark.sql("SELECT step FROM checkpoints WHERE checkpoint LIKE '%run_bs4/model.safetensors'").first();
    assertEquals(300L, last.getLong(0), "checkpoints.step from trainer_state.json when the path names none");
    assertEquals(300L, spark.sql("SELECT step FROM layers WHERE checkpoint LIKE '%run_bs4/%'").first().getLong(0));
    Row acc = spark.sql("SELECT value, number FROM metadata WHERE checkpoint LIKE '%run_bs2/checkpoint-100/%' AND key = 'eval_accuracy'").first();
    assertEquals(0.6, acc.getDouble(1), 1e-12);
    assertEquals(10L, spark.sql("SELECT count(DISTINCT checkpoint) FROM metadata").first().getLong(0));
  }

  @Test
  void runsSeriesSortsRunsNaturallyAndResolvesAccuracyByPrecedence() {
    List<Row> rows = spark.sql("SELECT run, step, batch, accuracy, experiment FROM (SELECT *, numbers['batch_size'] AS batch FROM runs_series) "
        + "ORDER BY natural_key(run), step").collectAsList();
    assertEquals(List.of("run_bs2", "run_bs4", "run_bs16", "run_bs1024"), rows.stream().map(r -> r.getString(0)).distinct().toList());
    assertEquals(10, rows.size());
    Row bs1024 = rows.get(rows.size() - 1);
    assertEquals(1024.0, bs1024.getDouble(2));
    assertEquals(0.42, bs1024.getDouble(3), 1e-12, "the manifest's test_acc is the accuracy of its run");
    assertEquals("bs-sweep", bs1024.getString(4));
    List<Row> fc1 = spark.sql("SELECT run, step, phase FROM layer_series WHERE layer_name = 'fc1.weight' ORDER BY natural_key(run), step").collectAsList();
    assertEquals(10, fc1.size());
    fc1.forEach(r -> assertNotNull(r.getString(2), "phase of " + r));
  }

  @Test
  void experimentCorrelationsAgreeWithTheJavaComputation() {
    List<Row> pairs = spark.sql("SELECT alpha_weighted, accuracy FROM runs_series WHERE accuracy IS NOT NULL").collectAsList();
    double[] x = pairs.stream().mapToDouble(r -> r.getDouble(0)).toArray();
    double[] y = pairs.stream().mapToDouble(r -> r.getDouble(1)).toArray();
    RankCorrelation.Result expected = RankCorrelation.of(x, y);
    Row r = spark.sql("SELECT n, spearman_rho, spearman_p, kendall_tau, kendall_p FROM experiment_correlations "
        + "WHERE experiment = 'bs-sweep' AND checkpoints = 'all' AND metric = 'alpha_weighted'").first();
    assertEquals(9, r.getInt(0), "nine checkpoints have an accuracy (run_bs4 has none)");
    assertEquals(expected.spearman(), r.getDouble(1), 1e-12);
    assertEquals(expected.spearmanP(), r.getDouble(2), 1e-12);
    assertEquals(expected.kendall(), r.getDouble(3), 1e-12);
    Row fin = spark.sql("SELECT n FROM experiment_correlations WHERE checkpoints = 'final' AND metric = 'alpha'").first();
    assertEquals(3, fin.getInt(0), "final: each run's last step; run_bs4's has no accuracy");
  }

  @Test
  void reportShowsTheComparisonAndClaimsNoRandomizedResults() throws Exception {
    Path dir = root.resolve("report");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(0, ReportJob.run(List.of("--out", root.resolve("out").toString(), "--report-dir", dir.toString(), "--master", "local[2]"),
        new PrintStream(out, true, StandardCharsets.UTF_8), System.err), out.toString(StandardCharsets.UTF_8));
    String html = Files.readString(dir.resolve("index.html"));
    assertTrue(html.contains("id=\"comparison\"") && html.contains("img/compare-alpha-batch-size.png")
        && html.contains("img/compare-esd-fc1-weight.png"), "the comparison section across the four runs");
    assertTrue(html.indexOf("id=\"findings\"") < html.indexOf("id=\"summary\""));
    assertTrue(html.contains("analysed without <code>--randomize</code>"), "no randomized results are claimed");
    assertTrue(!html.contains("randomized-ESD metrics") && !html.contains("<th>rand spikes</th>"), "no randomized columns or claims");
    org.htsr.testing.ReportFiles.assertImagesExist(dir.resolve("index.html"));
    org.htsr.testing.HeadlessChromium.screenshot(dir.resolve("index.html"), Files.createDirectories(root.resolve("chromium")));
  }

  @Test
  void queryJobPrintsTheCorrelations() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status = QueryJob.run(List.of("--out", root.resolve("out").toString(), "--format", "csv",
        "SELECT metric, n, spearman_rho, kendall_tau FROM experiment_correlations WHERE checkpoints = 'all' ORDER BY metric"),
        new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, status, text);
    assertTrue(text.contains("alpha_weighted,9,"), text);
  }
}
