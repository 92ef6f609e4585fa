package org.htsr.spark;

import org.htsr.spark.discovery.CheckpointDiscovery;
import org.htsr.spark.discovery.CheckpointLabels;
import org.htsr.spark.discovery.CheckpointNaming;
import org.htsr.spark.discovery.CheckpointRef;
import org.htsr.spark.discovery.ContentDigests;
import org.htsr.spark.hadoop.SerializableHadoopConf;
import org.htsr.spark.run.BatchPipeline;
import org.htsr.spark.run.BatchRunner;
import org.htsr.spark.run.PlanAhead;
import org.htsr.spark.run.Causes;
import org.htsr.spark.run.ProgressTracker;
import org.htsr.spark.run.RunTimings;
import org.htsr.spark.run.TaskSettings;
import java.nio.file.Path;
import org.htsr.io.metadata.Manifest;
import org.htsr.io.metadata.MetadataCollector;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.SparkContext;
import org.htsr.config.AnalyzeSettings;
import org.htsr.config.CheckpointIdentity;
import org.htsr.config.ConfigKey;
import org.htsr.config.ConfigKeys;
import org.htsr.config.SettingsParser;
import org.htsr.linalg.NativeLibraries;
import org.htsr.model.RowStatus;
import org.htsr.model.RunStatus;
import org.htsr.table.CheckpointRows;
import org.htsr.table.RunRow;
import org.htsr.table.TableStore;
import org.htsr.table.TablesLock;
import org.htsr.table.Tables;

/**
 * {@code jobs/analyze}: discover checkpoints → skip those done → batches of (plan → analyse →
 * commit) → summary and a {@code runs} row. Exit 0 when the run completed (failed checkpoints are
 * in {@code failures}), 2 for bad arguments, 1 when the run itself could not proceed.
 */
public final class AnalyzeJob {

  private static final DateTimeFormatter BATCH_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS").withZone(ZoneOffset.UTC);

  private static final org.apache.logging.log4j.Logger LOG = org.apache.logging.log4j.LogManager.getLogger(AnalyzeJob.class);

  private AnalyzeJob() {}

  public static void main(String[] args) {
    int status = run(Arrays.asList(args), System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * What gathers each checkpoint's metadata on the driver: --manifest (read here) and --experiment.
   *
   * @throws IllegalArgumentException naming the manifest and its problem
   */
  static MetadataCollector metadataCollector(AnalyzeSettings s) {
    return new MetadataCollector(s.manifest().isEmpty() ? null : Manifest.load(Path.of(s.manifest())),
        s.experiment().isEmpty() ? null : s.experiment());
  }

  /** Runs the job in this JVM; returns the exit status. Leaves the SparkContext running. */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.contains("--help") || args.contains("-h")) {
      out.print(usage());
      return 0;
    }
    AnalyzeSettings settings;
    MetadataCollector metadata;
    StartingContext spark;
    try {
      settings = SettingsParser.parse(args);
      metadata = metadataCollector(settings); // a bad --manifest is a bad argument
      // no Spark SQL session: analysing, writing and committing need none (TableStore starts one
      // only to rewrite superseded partitions), and its start-up is a third of a short run's.
      // Spark starts beside the run's own start (lock, recovery, listing, first headers).
      spark = SparkSessions.startContextBeside("htsr analyze", settings.job());
    } catch (IllegalArgumentException e) {
      return badArgument(err, e);
    }
    try {
      new Run(spark, settings, metadata, out).execute();
      return 0;
    } catch (StartingContext.BadArgument e) {
      return badArgument(err, e);
    } catch (TablesLock.HeldException e) {
      err.println("htsr analyze: another run is writing these tables: " + e.getMessage());
      return 1;
    } catch (RuntimeException e) {
      // an unwritable or full --out surfaces as a Spark job failure whose cause is buried deep
      // in its chain ("No space left on device" under TASK_WRITE_FAILED): say it in one line
      err.println("htsr analyze: the run could not proceed: " + Causes.oneLine(e));
      return 1;
    } catch (Exception e) {
      // a Spark job that aborted (SparkException) or a bug: the stack trace is in the log above
      err.println("htsr analyze: the run failed: " + QueryJob.firstLine(String.valueOf(e.getMessage())));
      return 1;
    }
  }

  private static int badArgument(PrintStream err, RuntimeException e) {
    err.println("htsr analyze: " + e.getMessage());
    err.println("run jobs/analyze --help for the options");
    return 2;
  }

  /**
   * One run on a running SparkContext: holds the output's lock, recovers an interrupted run,
   * analyses, records the run.
   *
   * @throws TablesLock.HeldException when another live run writes to the same tables
   */
  public static RunOutcome analyze(SparkContext sc, AnalyzeSettings settings, PrintStream out) throws TablesLock.HeldException {
    return new Run(StartingContext.running(sc), settings, metadataCollector(settings), out).execute();
  }

  /** What a run did, for schedulers' one-line status. */
  public record RunOutcome(String runId, int found, int skipped, int analysed, int failed, int layers, int layersFailed, double seconds) {}

  /** One run's state: the recipe lives in {@link #execute()}. */
  private static final class Run {
    private final StartingContext spark;
    private final AnalyzeSettings settings;
    private final MetadataCollector metadata;
    /** The file systems' configuration, one for the driver's reads and the executors' (it is broadcast). */
    private final SerializableHadoopConf files;
    private final PrintStream out;
    private final Instant started = Instant.now();
    private final long startedNanos = System.nanoTime();
    private final String runId = BATCH_TIME.format(Instant.now()) + "-" + UUID.randomUUID().toString().substring(0, 8);
    /** Set once Spark has started: what comes before it needs only files. */
    private SparkContext sc;

    Run(StartingContext spark, AnalyzeSettings settings, MetadataCollector metadata, PrintStream out) {
      this.spark = spark;
      this.settings = settings;
      this.metadata = metadata;
      this.files = new SerializableHadoopConf(spark.hadoopConfiguration());
      this.out = out;
    }

    private final java.io.ByteArrayOutputStream early = new java.io.ByteArrayOutputStream();
    /** Where the run's lines go: held in {@link #early} until Spark has started, then {@link #out}. */
    private PrintStream say = new PrintStream(early, true, java.nio.charset.StandardCharsets.UTF_8);
    private final RunTimings timings = new RunTimings();
    private final List<CheckpointRows.Summary> summaries = new ArrayList<>();
    private int found;
    private int skipped;

    RunOutcome execute() throws TablesLock.HeldException {
      TableStore store = TableStore.open(spark.hadoopConfiguration(), settings.out());
      try (TablesLock lock = store.lock(runId)) {
        try {
          return execute(store);
        } catch (Exception aborted) {
          // RuntimeExceptions, and Spark's SparkException (a job aborted), which Scala throws undeclared
          printEarlyLines(); // a run that stopped before Spark was up still says what it found
          recordAbortedRun(store, aborted);
          throw aborted;
        }
      }
    }

    /** A run that stopped still leaves its runs row: status failed, with the reason. */
    private void recordAbortedRun(TableStore store, Exception aborted) {
      LOG.error("run {} aborted", runId, aborted);
      String reason = aborted.getMessage() == null ? aborted.getClass().getName() : aborted.getMessage();
      try {
        writeRun(store, RunStatus.FAILED.describe(reason));
      } catch (RuntimeException alsoFailed) {
        // the tables themselves may be what failed; the run's own error is the one to report
        aborted.addSuppressed(alsoFailed);
      }
    }

    /**
     * Everything up to the first batch's analysis needs only files, and runs while Spark starts
     * ({@link #sparkStarted}): its lines are printed after the run's first line, which names the
     * BLAS that Spark's start loads.
     */
    private RunOutcome execute(TableStore store) {
      TableStore.Recovery recovery = store.recover();
      if (!recovery.rolledForward().isEmpty() || !recovery.rolledBack().isEmpty()) {
        say.println("recovered an interrupted run: committed " + recovery.rolledForward() + ", discarded " + recovery.rolledBack());
      }

      long listingStart = System.nanoTime();
      CheckpointDiscovery discovery = new CheckpointDiscovery(
          spark.hadoopConfiguration(), new CheckpointNaming(settings.modelPattern()), store.location());
      CheckpointDiscovery.Result found = discovery.discover(settings.inputs());
      List<CheckpointRef> checkpoints = settings.identity() == CheckpointIdentity.CONTENT_SHA256
          ? digested(found.checkpoints())
          : found.checkpoints();
      for (String missing : found.missingInputs()) {
        say.println("warning: input matches nothing: " + missing
            + (missing.indexOf('\uFFFD') >= 0 ? " (its name holds bytes that are not valid UTF-8, which Java cannot open: rename it)" : ""));
      }
      for (String skippedEntry : found.skippedEntries()) {
        say.println("warning: skipped " + skippedEntry);
      }
      say.println("found " + found.checkpoints().size() + " checkpoints"
          + (found.ignoredFiles() > 0 ? " (" + found.ignoredFiles() + " other files ignored)" : "")
          + (found.skippedEntries().isEmpty() ? "" : " (" + found.skippedEntries().size() + " entries skipped)"));
      if (found.checkpoints().isEmpty() && !found.missingInputs().isEmpty()) {
        throw new IllegalStateException("no checkpoint found; missing inputs: " + found.missingInputs());
      }

      this.found = found.checkpoints().size();
      Map<String, String> previousBatch = new HashMap<>();
      Map<String, String> doneIds = new HashMap<>();
      loadCommitted(store, previousBatch, doneIds);
      List<CheckpointRef> todo = new ArrayList<>();
      for (CheckpointRef ref : checkpoints) {
        boolean done = ref.checkpointId().equals(doneIds.get(ref.uri()));
        if (settings.recompute() || !done) {
          todo.add(ref);
        }
      }
      skipped = checkpoints.size() - todo.size();
      timings.addListing(RunTimings.since(listingStart));
      if (skipped > 0) {
        say.println("skipping " + skipped + " checkpoints already analysed with this configuration (--force recomputes)");
      }

      List<List<CheckpointRef>> batches = new ArrayList<>();
      for (int from = 0; from < todo.size(); from += settings.batchSize()) {
        batches.add(todo.subList(from, Math.min(todo.size(), from + settings.batchSize())));
      }
      TaskSettings taskSettings = TaskSettings.of(settings, runId, TaskSettings.executorTaskLimit(settings, spark.conf(), spark.isLocal()));
      BatchRunner.Planned first = batches.isEmpty() ? null : BatchRunner.plan(batches.get(0), taskSettings, metadata, files, timings);

      SparkContext sc = sparkStarted();
      ProgressTracker progress = new ProgressTracker(out, todo.size());
      sc.addSparkListener(progress);
      BatchRunner runner = new BatchRunner(sc, files, taskSettings, metadata, store, progress, timings, new CheckpointLabels(todo));
      // each batch is planned while the one before it is analysed, and written and committed while
      // the next one is analysed
      try (BatchPipeline pipeline = new BatchPipeline(runner, summaries::addAll);
          PlanAhead plans = new PlanAhead(batches, first, runner::plan)) {
        for (int seq = 1; plans.hasNext(); seq++) {
          pipeline.submit("b" + runId + "-" + String.format("%05d", seq), plans.next(), previousBatch);
        }
        pipeline.finish();
      } finally {
        sc.removeSparkListener(progress);
      }
      SummaryTable.print(out, summaries);
      return recordRun(store);
    }

    /** Waits for Spark's start (once), then prints the run's first line and what was said before it. */
    private SparkContext sparkStarted() {
      if (sc == null) {
        sc = spark.await();
        out.println("htsr " + Provenance.version() + " run " + runId + " on " + sc.master()
            + "; BLAS on the driver: " + NativeLibraries.describe());
        printEarlyLines();
      }
      return sc;
    }

    /** What was said while Spark started, printed once (also when the run stops before). */
    private void printEarlyLines() {
      if (say != out) {
        say.flush();
        out.print(early.toString(java.nio.charset.StandardCharsets.UTF_8));
        say = out;
      }
    }

    /** {@code --identity content}: a Spark job reads every checkpoint's bytes where they lie. */
    private List<CheckpointRef> digested(List<CheckpointRef> refs) {
      SparkContext sc = sparkStarted();
      sc.setJobGroup("htsr-digest", "htsr: SHA-256 of " + refs.size() + " checkpoints", false);
      return ContentDigests.withDigests(JavaSparkContext.fromSparkContext(sc), refs, files);
    }

    private void loadCommitted(TableStore store, Map<String, String> previousBatch, Map<String, String> doneIds) {
      // the checkpoints table alone, read on the driver: no Spark job, nothing of layers or esd
      store.committedCheckpoints(settings.configHash()).forEach((checkpoint, committed) -> {
        previousBatch.put(checkpoint, committed.batch());
        if (RowStatus.SUCCESS.label().equals(committed.status())) {
          doneIds.put(checkpoint, committed.checkpointId());
        }
      });
    }

    private RunOutcome recordRun(TableStore store) {
      Counts c = writeRun(store, RunStatus.COMPLETED.label());
      RunTimings t = timings;
      out.printf("run %s: %d checkpoints found, %d skipped, %d analysed, %d failed; %d layers (%d failed); tables in %s%n",
          runId, found, skipped, summaries.size() - c.failed, c.failed, c.layers, c.layersFailed, store.location());
      out.printf(java.util.Locale.ROOT, "time: %.1f s total; listing %.1f s, writing %.1f s (wall); reading %.1f s, solving %.1f s, fitting %.1f s (task seconds)%n",
          RunTimings.since(startedNanos), t.listing(), t.writing(), t.reading(), t.solving(), t.fitting());
      return new RunOutcome(runId, found, skipped, summaries.size() - c.failed, c.failed, c.layers, c.layersFailed, RunTimings.since(startedNanos));
    }

    private record Counts(int failed, int layers, int layersFailed) {}

    /** Writes this run's runs row with {@code status}, from what the run has done so far. */
    private Counts writeRun(TableStore store, String status) {
      int failed = 0;
      int layers = 0;
      int layersFailed = 0;
      for (CheckpointRows.Summary s : summaries) {
        failed += s.succeeded() ? 0 : 1;
        layers += s.layers();
        layersFailed += s.layersFailed();
      }
      String config;
      try {
        config = new ObjectMapper().writeValueAsString(settings.analysisConfig());
      } catch (com.fasterxml.jackson.core.JsonProcessingException impossible) {
        throw new IllegalStateException("a map of strings and numbers always serialises", impossible);
      }
      RunTimings t = timings;
      RunRow run = new RunRow(
          runId, started, Instant.now(), Provenance.version(), Provenance.gitCommit(),
          config, settings.configHash(), String.join(" ", settings.inputs()), StartingContext.sparkVersion(),
          System.getProperty("java.vm.vendor") + " " + System.getProperty("java.version"),
          NativeLibraries.describe(), spark.master(),
          new RunRow.Counts(found, skipped, summaries.size() - failed, failed, layers, layersFailed),
          new RunRow.Seconds(t.listing(), t.reading(), t.solving(), t.fitting(), t.writing(), RunTimings.since(startedNanos)),
          status);
      store.writeRun(runId, run.toRow());
      return new Counts(failed, layers, layersFailed);
    }
  }

  static String usage() {
    StringBuilder b = new StringBuilder();
    b.append("usage: jobs/analyze [options] INPUT...\n")
        .append("  INPUT: checkpoint files, directories (walked) or globs; paths or URIs (file://, hdfs://, s3a://)\n\n")
        .append("options (conf/htsr.properties key, default):\n");
    for (ConfigKey k : ConfigKeys.ALL) {
      b.append(String.format("  %-24s %s%n  %-24s   [%s, default %s]%n", k.option(), k.doc(), "", k.key(), k.defaultValue().isEmpty() ? "none" : k.defaultValue()));
    }
    b.append(String.format("  %-24s %s%n", "--force", "Recompute checkpoints already analysed with this configuration."))
        .append(String.format("  %-24s %s%n", "--conf k=v", "A Spark property (repeatable), e.g. --conf spark.executor.memory=4g."))
        .append(String.format("  %-24s %s%n", "--conf-dir DIR", "Where htsr.properties and spark-defaults.conf are (default: the conf/ of this installation; an error if missing)."))
        .append(String.format("  %-24s %s%n", "--help", "This list; nothing is run or written."));
    return b.toString();
  }
}
