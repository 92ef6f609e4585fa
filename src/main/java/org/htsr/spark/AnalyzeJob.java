package org.htsr.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.htsr.config.AnalyzeSettings;
import org.htsr.config.CheckpointIdentity;
import org.htsr.config.ConfigKey;
import org.htsr.config.ConfigKeys;
import org.htsr.config.SettingsParser;
import org.htsr.linalg.NativeLibraries;
import org.htsr.table.CheckpointRows;
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

  private AnalyzeJob() {}

  public static void main(String[] args) {
    int status = run(Arrays.asList(args), System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /** Runs the job in this JVM; returns the exit status. Leaves the SparkSession running. */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.contains("--help") || args.contains("-h")) {
      out.print(usage());
      return 0;
    }
    AnalyzeSettings settings;
    try {
      settings = SettingsParser.parse(withoutConfDir(args), confFile(args, "htsr.properties"));
      TaskSettings.metadataCollector(settings); // a bad --manifest is a bad argument
    } catch (IllegalArgumentException e) {
      err.println("htsr analyze: " + e.getMessage());
      err.println("run jobs/analyze --help for the options");
      return 2;
    }
    SparkSession spark = SparkSessions.start("htsr analyze", settings.master(), settings.sparkConf(), confFile(args, "spark-defaults.conf"));
    try {
      analyze(spark, settings, out);
      return 0;
    } catch (TablesLock.HeldException e) {
      err.println("htsr analyze: another run is writing these tables: " + e.getMessage());
      return 1;
    } catch (java.io.UncheckedIOException | IllegalStateException e) {
      err.println("htsr analyze: the run could not proceed: " + e.getMessage());
      return 1;
    }
  }

  /**
   * One run: holds the output's lock, recovers an interrupted run, analyses, records the run.
   *
   * @throws TablesLock.HeldException when another live run writes to the same tables
   */
  public static RunOutcome analyze(SparkSession spark, AnalyzeSettings settings, PrintStream out) throws TablesLock.HeldException {
    return new Run(spark, settings, out).execute();
  }

  /** What a run did, for schedulers' one-line status. */
  public record RunOutcome(String runId, int found, int skipped, int analysed, int failed, int layers, int layersFailed, double seconds) {}

  /** One run's state: the recipe lives in {@link #execute()}. */
  private static final class Run {
    private final SparkSession spark;
    private final AnalyzeSettings settings;
    private final PrintStream out;
    private final Instant started = Instant.now();
    private final long startedNanos = System.nanoTime();
    private final String runId = BATCH_TIME.format(Instant.now()) + "-" + UUID.randomUUID().toString().substring(0, 8);

    Run(SparkSession spark, AnalyzeSettings settings, PrintStream out) {
      this.spark = spark;
      this.settings = settings;
      this.out = out;
    }

    RunOutcome execute() throws TablesLock.HeldException {
      TableStore store = TableStore.open(spark, settings.out());
      try (TablesLock lock = store.lock(runId)) {
        return execute(store);
      }
    }

    private RunOutcome execute(TableStore store) {
      out.println("htsr " + Provenance.version() + " run " + runId + " on " + spark.sparkContext().master()
          + "; BLAS on the driver: " + NativeLibraries.describe());
      TableStore.Recovery recovery = store.recover();
      if (!recovery.rolledForward().isEmpty() || !recovery.rolledBack().isEmpty()) {
        out.println("recovered an interrupted run: committed " + recovery.rolledForward() + ", discarded " + recovery.rolledBack());
      }

      RunTimings timings = new RunTimings();
      long listingStart = System.nanoTime();
      CheckpointDiscovery discovery = new CheckpointDiscovery(
          spark.sparkContext().hadoopConfiguration(), new CheckpointNaming(settings.modelRegex()), store.location());
      CheckpointDiscovery.Result found = discovery.discover(settings.inputs());
      List<CheckpointRef> checkpoints = settings.identity() == CheckpointIdentity.CONTENT_SHA256
          ? digested(found.checkpoints())
          : found.checkpoints();
      for (String missing : found.missingInputs()) {
        out.println("warning: input matches nothing: " + missing);
      }
      out.println("found " + found.checkpoints().size() + " checkpoints"
          + (found.ignoredFiles() > 0 ? " (" + found.ignoredFiles() + " other files ignored)" : ""));
      if (found.checkpoints().isEmpty() && !found.missingInputs().isEmpty()) {
        throw new IllegalStateException("no checkpoint found; missing inputs: " + found.missingInputs());
      }

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
      int skipped = checkpoints.size() - todo.size();
      timings.addListing(RunTimings.since(listingStart));
      if (skipped > 0) {
        out.println("skipping " + skipped + " checkpoints already analysed with this configuration (--force recomputes)");
      }

      ProgressTracker progress = new ProgressTracker(out, todo.size());
      spark.sparkContext().addSparkListener(progress);
      long executorTaskLimit = TaskSettings.executorTaskLimit(settings, spark.sparkContext().getConf(), spark.sparkContext().isLocal());
      BatchRunner runner = new BatchRunner(spark, TaskSettings.of(settings, runId, executorTaskLimit), store, progress, timings);
      List<CheckpointRows.Summary> summaries = new ArrayList<>();
      try {
        for (int from = 0, seq = 1; from < todo.size(); from += settings.batchSize(), seq++) {
          List<CheckpointRef> batch = todo.subList(from, Math.min(todo.size(), from + settings.batchSize()));
          String batchId = "b" + runId + "-" + String.format("%05d", seq);
          summaries.addAll(runner.run(batchId, batch, previousBatch));
        }
      } finally {
        spark.sparkContext().removeSparkListener(progress);
      }
      SummaryTable.print(out, summaries);
      return recordRun(store, found.checkpoints().size(), skipped, summaries, timings);
    }

    /** {@code --identity content}: a Spark job reads every checkpoint's bytes where they lie. */
    private List<CheckpointRef> digested(List<CheckpointRef> refs) {
      spark.sparkContext().setJobGroup("htsr-digest", "htsr: SHA-256 of " + refs.size() + " checkpoints", false);
      return ContentDigests.withDigests(JavaSparkContext.fromSparkContext(spark.sparkContext()), refs,
          new SerializableHadoopConf(spark.sparkContext().hadoopConfiguration()));
    }

    private void loadCommitted(TableStore store, Map<String, String> previousBatch, Map<String, String> doneIds) {
      if (store.committedBatches().isEmpty()) {
        return; // a new output: nothing to skip, and no Spark job to pay for
      }
      spark.sparkContext().setJobGroup("htsr-committed", "htsr: read committed checkpoints", false);
      store.registerViews();
      List<Row> rows = spark.sql("SELECT c.checkpoint, c.checkpoint_id, c.status, l.batch FROM checkpoints c "
              + "JOIN htsr_latest l ON c.checkpoint = l.checkpoint AND c.config_hash = l.config_hash "
              + "WHERE c.config_hash = '" + settings.configHash() + "'")
          .collectAsList();
      for (Row r : rows) {
        previousBatch.put(r.getString(0), r.getString(3));
        if ("success".equals(r.getString(2))) {
          doneIds.put(r.getString(0), r.getString(1));
        }
      }
    }

    private RunOutcome recordRun(TableStore store, int found, int skipped, List<CheckpointRows.Summary> summaries, RunTimings t) {
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
      Row run = RowFactory.create(
          runId, Timestamp.from(started), Timestamp.from(Instant.now()), Provenance.version(), Provenance.gitCommit(),
          config, settings.configHash(), String.join(" ", settings.inputs()), spark.version(),
          System.getProperty("java.vm.vendor") + " " + System.getProperty("java.version"),
          NativeLibraries.describe(), spark.sparkContext().master(),
          found, skipped, summaries.size() - failed, failed, layers, layersFailed,
          t.listing(), t.reading(), t.solving(), t.fitting(), t.writing(), RunTimings.since(startedNanos), "completed");
      store.writeRun(runId, run);
      out.printf("run %s: %d checkpoints found, %d skipped, %d analysed, %d failed; %d layers (%d failed); tables in %s%n",
          runId, found, skipped, summaries.size() - failed, failed, layers, layersFailed, store.location());
      out.printf(java.util.Locale.ROOT, "time: %.1f s total; listing %.1f s, writing %.1f s (wall); reading %.1f s, solving %.1f s, fitting %.1f s (task seconds)%n",
          RunTimings.since(startedNanos), t.listing(), t.writing(), t.reading(), t.solving(), t.fitting());
      return new RunOutcome(runId, found, skipped, summaries.size() - failed, failed, layers, layersFailed, RunTimings.since(startedNanos));
    }
  }

  /** A conf file named by --conf-dir/--conf-file, or found in $HTSR_CONF_DIR / -Dhtsr.conf.dir. */
  static Optional<Path> confFile(List<String> args, String name) {
    int i = args.indexOf("--conf-dir");
    String dir = i >= 0 && i + 1 < args.size() ? args.get(i + 1)
        : System.getProperty("htsr.conf.dir", System.getenv().getOrDefault("HTSR_CONF_DIR", ""));
    if (dir.isEmpty()) {
      return Optional.empty();
    }
    Path p = Path.of(dir, name);
    return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
  }

  static List<String> withoutConfDir(List<String> args) {
    List<String> out = new ArrayList<>(args);
    int i = out.indexOf("--conf-dir");
    if (i >= 0) {
      out.remove(i);
      if (i < out.size()) {
        out.remove(i);
      }
    }
    return out;
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
        .append(String.format("  %-24s %s%n", "--conf-dir DIR", "Where htsr.properties and spark-defaults.conf are (default: the conf/ of this installation)."));
    return b.toString();
  }
}
