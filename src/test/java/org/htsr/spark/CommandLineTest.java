package org.htsr.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.htsr.stats.FitMode;
import org.htsr.table.TableStore;
import org.htsr.testing.LocalSpark;
import org.htsr.testing.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a new user meets it: help, typos in paths, SQL errors, aborted runs. */
class CommandLineTest {

  @TempDir static Path work;
  private static Path tables;

  @BeforeAll
  static void analyseOneSmallModel() {
    tables = work.resolve("tables");
    Result r = run(AnalyzeJob::run, List.of("--out", tables.toString(), SharedData.resolve("models/gnubg-mlp.safetensors").toString()));
    assertEquals(0, r.status, r.err);
  }

  /** What a job printed and returned. */
  private record Result(int status, String out, String err) {}

  private interface Job {
    int run(List<String> args, PrintStream out, PrintStream err);
  }

  private static Result run(Job job, List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = job.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void everyJobsHelpExitsZeroAndWritesNothing() throws Exception {
    Path out = work.resolve("help-out");
    List<Job> jobs = List.of(AnalyzeJob::run, SweepJob::run, QueryJob::run, ReportJob::run);
    for (Job job : jobs) {
      Result r = run(job, List.of("--out", out.toString(), "--help", SharedData.resolve("models").toString()));
      assertEquals(0, r.status, r.err);
      assertTrue(r.out.startsWith("usage: jobs/"), r.out);
      assertEquals("", r.err);
      assertFalse(Files.exists(out), "--help created " + out);
    }
  }

  @Test
  void analyzeHelpListsEveryFitMode() {
    String help = run(AnalyzeJob::run, List.of("--help")).out;
    for (FitMode mode : FitMode.values()) {
      assertTrue(help.contains(mode.label() + " (" + mode.doc() + ")"), mode + " missing from --help:\n" + help);
    }
  }

  @Test
  void jobsBenchHelpExitsZeroWithoutBuilding() throws Exception {
    Process p = new ProcessBuilder("bash", "jobs/bench", "--help").redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), output);
    assertTrue(output.contains("jobs/bench [-t THREADS] NAME") && !output.contains("building"), output);
  }

  @Test
  void aMissingOutIsAnErrorNamingItAndNothingIsCreated() {
    Path typo = work.resolve("tabels");
    List<Result> results = List.of(
        run(QueryJob::run, List.of("--out", typo.toString(), "SELECT count(*) FROM layers")),
        run(ReportJob::run, List.of("--out", typo.toString())));
    for (Result r : results) {
      assertEquals(2, r.status, r.out + r.err);
      assertTrue(r.err.contains(typo.toString()) && r.err.contains("no such directory"), r.err);
      assertFalse(Files.exists(typo), "created " + typo);
    }
  }

  @Test
  void aMissingConfDirIsAnErrorNamingIt() {
    Path typo = work.resolve("etc-htsr");
    Result analyze = run(AnalyzeJob::run, List.of("--conf-dir", typo.toString(), SharedData.resolve("models").toString()));
    assertEquals(2, analyze.status);
    assertTrue(analyze.err.contains(typo.toString()), analyze.err);
    Result sweep = run(SweepJob::run, List.of("--conf-dir", typo.toString()));
    assertEquals(2, sweep.status);
    assertTrue(sweep.out.startsWith("htsr sweep: failed: --conf-dir " + typo), sweep.out);
    Result query = run(QueryJob::run, List.of("--conf-dir", typo.toString(), "SELECT 1"));
    assertEquals(2, query.status);
    assertTrue(query.err.contains(typo.toString()), query.err);
  }

  @Test
  void queryReadsHtsrOutFromTheConfDir() throws Exception {
    Path conf = Files.createDirectories(work.resolve("conf-query"));
    Files.writeString(conf.resolve("htsr.properties"), "htsr.out = " + tables + "\n");
    Result r = run(QueryJob::run, List.of("--conf-dir", conf.toString(), "SELECT count(*) AS n FROM checkpoints"));
    assertEquals(0, r.status, r.err);
    assertEquals("n\n1\n", r.out);
  }

  @Test
  void aSqlErrorIsOneLineAndTheWholePlanOnlyWithVerbose() {
    Result brief = run(QueryJob::run, List.of("--out", tables.toString(), "SELECT alpah FROM layers WHERE status = 'success'"));
    assertEquals(2, brief.status);
    assertEquals(1, brief.err.lines().count(), brief.err);
    assertTrue(brief.err.contains("alpah"), brief.err);
    Result verbose = run(QueryJob::run, List.of("--out", tables.toString(), "--verbose", "SELECT alpah FROM layers WHERE status = 'success'"));
    assertEquals(2, verbose.status);
    assertTrue(verbose.err.lines().count() > 3, "--verbose keeps Spark's plan: " + verbose.err);
    Result syntax = run(QueryJob::run, List.of("--out", tables.toString(), "SELEC alpha FROM layers"));
    assertEquals(1, syntax.err.lines().count(), syntax.err);
  }

  @Test
  void anAbortedRunLeavesAFailedRunsRowWithTheReason() {
    Path out = work.resolve("aborted");
    Path missing = work.resolve("no-such-checkpoints");
    Result r = run(AnalyzeJob::run, List.of("--out", out.toString(), missing.toString()));
    assertEquals(1, r.status, r.out + r.err);
    TableStore.open(LocalSpark.session(), out.toString()).registerViews();
    List<Row> runs = LocalSpark.session().sql("SELECT status, checkpoints_found FROM runs").collectAsList();
    assertEquals(1, runs.size());
    String status = runs.get(0).getString(0);
    assertTrue(status.startsWith("failed: no checkpoint found") && status.contains(missing.toString()), status);
  }

  /** Used by the progress test: a .pt and a .safetensors of one run, and a file whose every layer fails. */
  static Path progressInputs(Path dir) throws Exception {
    Path step = Files.createDirectories(dir.resolve("run1/checkpoint-100"));
    Files.copy(SharedData.resolve("fixtures/mlp2.safetensors"), step.resolve("model.safetensors"));
    Files.copy(SharedData.resolve("fixtures/mlp2_zip.pt"), step.resolve("model.pt"));
    double[] nan = new double[64 * 32];
    java.util.Arrays.fill(nan, Double.NaN);
    try (var o = Files.newOutputStream(Files.createDirectories(dir.resolve("broken")).resolve("nan.safetensors"))) {
      new org.htsr.io.safetensors.SafetensorsWriter()
          .add("a.weight", org.htsr.model.DType.F32, List.of(64L, 32L), nan)
          .add("b.weight", org.htsr.model.DType.F32, List.of(64L, 32L), nan)
          .writeTo(o);
    }
    return dir;
  }

  @Test
  void progressLinesTellFailedCheckpointsAndSameNamedFilesApart() throws Exception {
    Path inputs = progressInputs(work.resolve("progress-in"));
    Result r = run(AnalyzeJob::run, List.of("--out", work.resolve("progress-out").toString(), inputs.toString()));
    assertEquals(0, r.status, r.err);
    List<String> lines = r.out.lines().toList();
    Function<String, String> line = text -> lines.stream().filter(l -> l.startsWith("[") && l.contains(text)).findFirst()
        .orElseThrow(() -> new AssertionError("no progress line with " + text + ":\n" + r.out));
    assertTrue(line.apply("run1 step 100 (model.safetensors):").contains(", ok,"), r.out);
    assertTrue(line.apply("run1 step 100 (model.pt):").contains(", ok,"), r.out);
    String broken = line.apply("nan:");
    assertTrue(broken.contains("2 layers (2 failed)") && broken.contains("failed: every layer failed"), broken);
    // the summary's layers column counts every layer row; failed ones are also in the failed column
    String summary = lines.stream().filter(l -> l.startsWith("nan ")).findFirst().orElseThrow(() -> new AssertionError(r.out));
    assertEquals(List.of("nan", "2", "2"), Stream.of(summary.trim().split("\\s+")).limit(3).toList(), summary);
  }
}
