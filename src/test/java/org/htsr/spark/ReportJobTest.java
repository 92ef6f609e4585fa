package org.htsr.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
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
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.htsr.report.MpBulk;
import org.htsr.report.MpFit;
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
 * jobs/report end to end: the analysis of ../shared/models, then the report from its tables alone,
 * checked file by file and in headless Chromium; and the parts that need columns a newer analysis
 * writes (MP fit, randomized ESD, phase), with those columns added to the views from
 * WeightWatcher's own mp_fit output on the same layers.
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
    assertFalse(refs.stream().anyMatch(r -> r.endsWith("-mp.png") || r.endsWith("-randomized.png") || r.endsWith("-phases.png")));
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
      MpBulk bulk = MpBulk.of(new MpFit(ref.number("bulk_min"), ref.number("bulk_max"), null, null), r.getDouble(2), r.getLong(3), evals);
      long spikes = java.util.Arrays.stream(evals).filter(v -> v > bulk.spikeThreshold()).count();
      compared++;
      if (spikes != (long) ref.number("num_spikes")) {
        mismatches.add(ref.input() + " " + ref.tensor() + ": " + spikes + " vs WeightWatcher's " + (long) ref.number("num_spikes"));
      }
    }
    assertTrue(compared > 50, "compared " + compared);
    assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
  }

  @Test
  void mpFitRandomizedEsdAndPhasesRenderWhenTheViewsCarryThem() throws Exception {
    TableStore.open(spark, out.toString()).registerViews();
    withNewerColumns();
    Path dir = out.resolve("newer");
    ReportOptions options = ReportJob.parse(List.of("--out", out.toString(), "--report-dir", dir.toString(), "--checkpoint", "posenet"),
        System.out).orElseThrow();
    assertEquals(0, ReportJob.render(spark, options, out.toString(), System.out));
    Path index = dir.resolve("index.html");
    List<String> refs = ReportFiles.assertImagesExist(index);
    long mpLayers = spark.sql("SELECT count(*) FROM layers WHERE model = 'posenet-mobilenet-v1' AND bulk_max IS NOT NULL").first().getLong(0);
    assertTrue(mpLayers > 10, "layers with an MP fit: " + mpLayers);
    assertEquals(mpLayers, refs.stream().filter(r -> r.endsWith("-mp.png")).count());
    assertEquals(refs.stream().filter(r -> r.endsWith("-esd.png")).count(), refs.stream().filter(r -> r.endsWith("-randomized.png")).count());
    String html = Files.readString(index, StandardCharsets.UTF_8);
    assertTrue(html.contains("<th>phase</th>") && html.contains("heavy_tailed") && html.contains("<th>mp_softrank</th>"));
    HeadlessChromium.screenshot(index, Files.createDirectories(out.resolve("chromium-newer")));
  }

  /**
   * Replaces the layers and esd views with ones that carry the columns of the MP-fit/phase
   * integration: WeightWatcher's mp_fit output joined by file and tensor, a phase derived from it
   * (a fixture, not a classifier), and a stand-in randomized spectrum.
   */
  private static void withNewerColumns() {
    StructType schema = new StructType().add("ref_file", DataTypes.StringType).add("ref_tensor", DataTypes.StringType)
        .add("sigma_mp", DataTypes.DoubleType).add("bulk_max", DataTypes.DoubleType).add("bulk_min", DataTypes.DoubleType)
        .add("num_spikes", DataTypes.IntegerType).add("mp_softrank", DataTypes.DoubleType).add("W_scale", DataTypes.DoubleType);
    List<Row> rows = new ArrayList<>();
    for (WwReference.Row r : WwReference.load("models", "mpfit")) {
      rows.add(RowFactory.create(r.input(), r.tensor(), r.number("sigma_mp"), r.number("bulk_max"), r.number("bulk_min"),
          (int) r.number("num_spikes"), r.number("mp_softrank"), r.number("W_scale")));
    }
    Dataset<Row> mp = spark.createDataFrame(rows, schema);
    Dataset<Row> layers = spark.table("layers").withColumn("ref_key", expr("regexp_extract(checkpoint, '[^/]+$', 0)"));
    layers.join(mp, layers.col("ref_key").equalTo(mp.col("ref_file")).and(layers.col("layer_name").equalTo(mp.col("ref_tensor"))), "left")
        .drop("ref_key", "ref_file", "ref_tensor")
        .withColumn("rand_distance", lit(0.01)).withColumn("ww_softrank", expr("bulk_max / lambda_max"))
        .withColumn("phase", expr("CASE WHEN alpha IS NULL THEN NULL WHEN num_spikes > 0 AND alpha < 4 THEN 'heavy_tailed' "
            + "WHEN num_spikes > 0 THEN 'bulk_spikes' ELSE 'random_like' END"))
        .withColumn("phase_reason", lit("test fixture"))
        .createOrReplaceTempView("layers");
    spark.table("esd").withColumn("rand_eigenvalues", expr("transform(eigenvalues, x -> x * 0.5)")).createOrReplaceTempView("esd");
    assertTrue(spark.table("layers").filter(col("bulk_max").isNotNull()).count() > 0);
  }

  private static String fileName(String uri) {
    return Path.of(java.net.URI.create(uri)).getFileName().toString();
  }
}
