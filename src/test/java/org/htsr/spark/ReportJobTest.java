package org.htsr.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.htsr.report.MpBulk;
import org.htsr.report.MpEdges;
import org.htsr.table.TableStore;
import org.htsr.testing.HeadlessChromium;
import org.htsr.testing.LocalSpark;
import org.htsr.testing.ReportFiles;
import org.htsr.testing.SharedData;
import org.htsr.testing.WwReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jobs/report end to end: the analysis of the test data's models/, then the report from its tables alone,
 * checked file by file and in headless Chromium; and a generated training run analysed with
 * --randomize, for the trend plots, randomized ESDs and the phase timeline.
 */
class ReportJobTest {

  @TempDir static Path out;
  private static SparkSession spark;

  @BeforeAll
  static void analyseTheSharedModels() {
    spark = LocalSpark.session();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    int status = AnalyzeJob.run(List.of("--out", out.toString(), SharedData.resolve("models").toString()),
        new PrintStream(log, true, StandardCharsets.UTF_8), System.err);
    assertEquals(0, status, log.toString(StandardCharsets.UTF_8));
  }

  @Test
  void reportOfTheSharedModelsHasEveryImageAndRendersInChromium() throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    assertEquals(0, ReportJob.run(List.of("--out", out.toString(), "--master", "local[2]"),
        new PrintStream(buffer, true, StandardCharsets.UTF_8), System.err));
    Path index = out.resolve("report/index.html");
    assertTrue(buffer.toString(StandardCharsets.UTF_8).contains(index.toString()), buffer.toString(StandardCharsets.UTF_8));
    List<String> refs = ReportFiles.assertImagesExist(index);

    TableStore.open(spark, out.toString()).registerViews();
    long layers = spark.sql("SELECT count(*) FROM layers WHERE status = 'success'").first().getLong(0);
    // no steps: every checkpoint is its model's latest, so every successful layer has its log-log ESD
    assertEquals(layers, refs.stream().filter(r -> r.endsWith("-esd.png")).count());
    assertEquals(4, refs.stream().filter(r -> r.endsWith("-depth.png")).count());
    long mpLayers = spark.sql("SELECT count(*) FROM layers WHERE status = 'success' AND bulk_max IS NOT NULL").first().getLong(0);
    assertEquals(mpLayers, refs.stream().filter(r -> r.endsWith("-mp.png")).count(), "an MP plot per layer with an MP fit");
    assertFalse(refs.stream().anyMatch(r -> r.endsWith("-randomized.png")), "no --randomize, no randomized plots");
    assertFalse(refs.stream().anyMatch(r -> r.endsWith("-phases.png")), "no model has two steps: no timeline");
    String html = Files.readString(index, StandardCharsets.UTF_8);
    for (String model : List.of("gnubg-mlp", "nsfwjs-mobilenet-v2", "posenet-mobilenet-v1", "silero-vad-v5")) {
      assertTrue(html.contains(model), model);
    }
    assertTrue(html.contains("No model has checkpoints at two or more training steps"));
    HeadlessChromium.screenshot(index, Files.createDirectories(out.resolve("chromium")));
  }

  @Test
  void filtersNarrowTheReportAndPlotEveryMatch() throws Exception {
    Path dir = out.resolve("filtered");
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    assertEquals(0, ReportJob.run(List.of("--out", out.toString(), "--report-dir", dir.toString(), "--checkpoint", "gnubg",
        "--layer", "contact%Hidden%", "--master", "local[2]"), new PrintStream(buffer, true, StandardCharsets.UTF_8), System.err));
    List<String> refs = ReportFiles.assertImagesExist(dir.resolve("index.html"));
    // gnubg's contact/arHiddenWeight only (a LIKE pattern: % spans the slash)
    assertEquals(1, refs.stream().filter(r -> r.endsWith("-esd.png")).count(), refs.toString());
    String html = Files.readString(dir.resolve("index.html"), StandardCharsets.UTF_8);
    assertTrue(html.contains("contact/arHiddenWeight") && !html.contains("race/arHiddenWeight") && !html.contains("posenet"));
  }

  @Test
  void spikeThresholdReproducesWeightWatchersSpikeCounts() {
    TableStore.open(spark, out.toString()).registerViews();
    Map<String, Row> esd = spark.sql("SELECT l.checkpoint, l.layer_name, l.Q, l.M, e.eigenvalues FROM layers l JOIN esd e "
            + "USING (checkpoint, layer_index, layer_name) WHERE e.slice IS NULL").collectAsList().stream()
        .collect(Collectors.toMap(r -> fileName(r.getString(0)) + "/" + r.getString(1), r -> r));
    List<String> mismatches = new ArrayList<>();
    int compared = 0;
    for (WwReference.Row ref : WwReference.load("models", "mpfit")) {
      Row r = esd.get(ref.input() + "/" + ref.tensor());
      if (r == null) {
        continue;
      }
      double[] evals = r.<Double>getList(4).stream().mapToDouble(Double::doubleValue).toArray();
      MpBulk bulk = MpBulk.of(new MpEdges(ref.number("bulk_min"), ref.number("bulk_max"), null, null), r.getDouble(2), r.getLong(3), evals);
      long spikes = java.util.Arrays.stream(evals).filter(v -> v > bulk.spikeThreshold()).count();
      compared++;
      if (spikes != (long) ref.number("num_spikes")) {
        mismatches.add(ref.input() + " " + ref.tensor() + ": " + spikes + " vs WeightWatcher's " + (long) ref.number("num_spikes"));
      }
    }
    assertTrue(compared > 50, "compared " + compared);
    assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
  }

  /** A generated training run analysed with --randomize: MP plots, randomized ESDs and the phase timeline, all real. */
  @Test
  void aRandomizedTrainingRunGetsItsTrendsAndPhaseTimeline() throws Exception {
    Path zoo = out.resolve("zoo");
    org.htsr.tools.ZooGenerator.generate(zoo, org.htsr.tools.ZooGenerator.Kind.TRANSFORMER, 3, 1, 5);
    Path tables = out.resolve("run-tables");
    IncrementalRunTest.analyse(tables, zoo, "--randomize");
    Path dir = tables.resolve("report");
    assertEquals(0, ReportJob.run(List.of("--out", tables.toString(), "--master", "local[2]"), System.out, System.err));
    List<String> refs = ReportFiles.assertImagesExist(dir.resolve("index.html"));
    assertTrue(refs.stream().anyMatch(r -> r.endsWith("-phases.png")), "phase timeline: " + refs);
    assertTrue(refs.stream().filter(r -> r.endsWith("-randomized.png")).count() > 0, "randomized ESDs");
    assertEquals(refs.stream().filter(r -> r.endsWith("-esd.png")).count(), refs.stream().filter(r -> r.endsWith("-mp.png")).count());
    String html = Files.readString(dir.resolve("index.html"), StandardCharsets.UTF_8);
    assertTrue(html.contains("<th>phase</th>") && html.contains("<th>mp_softrank</th>"), "layer tables carry phase and MP columns");
    assertTrue(html.contains(">n_tail</th>") && html.contains("× correlation traps ("), "n_tail column and the trap count of real rows");
    // the tables' rand_mp_softrank, max_rand_eval and rand_num_spikes reach the chart: the shuffled matrix's MP edge and its traps
    String svg = Files.readString(dir.resolve(refs.stream().filter(r -> r.endsWith("-randomized.svg")).findFirst().orElseThrow()),
        StandardCharsets.UTF_8);
    assertTrue(svg.contains("randomized λ+ (MP edge)") && svg.contains("beyond its MP edge"), "randomized chart without the trap picture");
    HeadlessChromium.screenshot(dir.resolve("index.html"), Files.createDirectories(out.resolve("chromium-run")));
  }

  private static String fileName(String uri) {
    return Path.of(java.net.URI.create(uri)).getFileName().toString();
  }
}
