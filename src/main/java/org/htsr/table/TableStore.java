package org.htsr.table;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Parquet tables under {@code --out} and their commit protocol.
 *
 * <pre>
 * out/&lt;table&gt;/batch=&lt;b&gt;/part-*.parquet   committed rows of layers, esd, failures, checkpoints
 * out/runs/&lt;run&gt;-*.parquet                one row per finished run
 * out/_commits/&lt;b&gt;.json                   commit record of batch b: it is visible once this exists
 * out/_staging/&lt;b&gt;/…                      a batch being written or committed
 * </pre>
 *
 * <p>A batch is written completely under {@code _staging} (Spark jobs), then committed: an intent
 * file lists the directory renames, the renames move the batch's partitions into the tables (and
 * swap in rewritten older partitions from which superseded rows were removed), and the commit
 * record is written last, atomically (write, then rename). {@link #recover()} rolls an interrupted
 * commit forward when its intent exists, and otherwise removes the staged batch. Readers use the
 * views of {@link #registerViews}, which show committed batches only and, per (checkpoint,
 * config_hash), only the latest batch, so a killed run's partial output is never visible and no row
 * is duplicated.
 */
public final class TableStore {

  private static final String COMMITS = "_commits";
  private static final String STAGING = "_staging";
  private static final String INTENT = "_COMMITTING.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FileSystem fs;
  private final Path root;
  /**
   * Spark SQL, started on first use: an analysis run writes, lists and commits without it (its
   * start-up cost ≈ 0.8 s of a 2.6 s run, docs/benchmarks.md J) and needs it only to rewrite older
   * partitions whose rows a re-analysis supersedes.
   */
  private SparkSession sql;

  private TableStore(SparkSession sql, FileSystem fs, Path root) {
    this.sql = sql;
    this.fs = fs;
    this.root = root;
  }

  /** The tables under {@code out}, read and written through {@code spark}. */
  public static TableStore open(SparkSession spark, String out) {
    return open(spark, spark.sparkContext(), out);
  }

  /** The tables under {@code out}; Spark SQL is started on {@code sc} only if a method needs it. */
  public static TableStore open(SparkContext sc, String out) {
    return open(null, sc, out);
  }

  /**
   * The tables under {@code out}, through the file systems of {@code hadoop}: no SparkContext is
   * needed until a method needs Spark SQL, so a job can open, lock and read them while Spark starts.
   */
  public static TableStore open(org.apache.hadoop.conf.Configuration hadoop, String out) {
    return open(null, hadoop, out);
  }

  private static TableStore open(SparkSession sql, SparkContext sc, String out) {
    return open(sql, sc.hadoopConfiguration(), out);
  }

  private static TableStore open(SparkSession sql, org.apache.hadoop.conf.Configuration hadoop, String out) {
    try {
      Path path = new Path(out);
      FileSystem fs = path.getFileSystem(hadoop);
      Path root = fs.makeQualified(path);
      fs.mkdirs(root);
      return new TableStore(sql, fs, root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the output directory " + out, e);
    }
  }

  /** The session of the active SparkContext (there is one per JVM), started here if there is none. */
  private synchronized SparkSession sql() {
    if (sql == null) {
      sql = SparkSession.builder().getOrCreate();
    }
    return sql;
  }

  public String location() {
    return root.toString();
  }

  /** Takes the output's writer lock (see {@link TablesLock}); recover and write only while holding it. */
  public TablesLock lock(String runId) throws TablesLock.HeldException {
    return TablesLock.acquire(fs, root, runId);
  }

  // ---- writing -------------------------------------------------------------------------------

  /**
   * Stages rows the driver holds (checkpoints, failures, metadata of a batch) as one more Parquet
   * file of the table's staged folder, written in this JVM: no Spark job for a few hundred rows.
   * A Spark write of the same table (which replaces the folder) must come first.
   */
  public void stage(String batch, String table, List<Row> rows) {
    if (rows.isEmpty()) {
      return;
    }
    Path dir = staged(batch, table);
    try {
      fs.mkdirs(dir);
      ParquetRowFile.write(fs.getConf(), new Path(dir, "part-driver.zstd.parquet"), Tables.schema(table), rows);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stage " + table + " of batch " + batch, e);
    }
  }

  /**
   * Commits a staged batch: every table in {@link Tables#BATCH_TABLES} that was staged, and the
   * removal of rows it supersedes from older committed batches.
   *
   * @param superseded (checkpoint, config_hash) keys re-analysed by this batch, per older batch
   *     that holds rows for them
   */
  public void commit(String batch, String runId, Map<String, Set<CheckpointConfig>> superseded) {
    try {
      finishCommit(batch, runId, prepareCommit(batch, runId, superseded));
    } catch (IOException e) {
      throw new UncheckedIOException("commit of batch " + batch + " failed; the next run recovers it", e);
    }
  }

  /**
   * First half of a commit: stages the rewritten older partitions and writes the intent that lists
   * every rename. From here on the batch is committed: recovery rolls it forward.
   */
  List<String[]> prepareCommit(String batch, String runId, Map<String, Set<CheckpointConfig>> superseded) throws IOException {
    List<String[]> renames = new ArrayList<>();
    for (Map.Entry<String, Set<CheckpointConfig>> old : superseded.entrySet()) {
      String oldBatch = old.getKey();
      for (String table : Tables.BATCH_TABLES) {
        Path committed = partition(table, oldBatch);
        if (!fs.exists(committed)) {
          continue;
        }
        Path rewrite = new Path(stagingDir(batch), "rewrite/" + oldBatch + "/" + table);
        Dataset<Row> kept = sql().read().schema(Tables.schema(table)).parquet(committed.toString())
            .filter(notIn(old.getValue()));
        kept.write().mode(SaveMode.Overwrite).parquet(rewrite.toString());
        renames.add(new String[] {committed.toString(), new Path(stagingDir(batch), "old/" + oldBatch + "/" + table).toString()});
        renames.add(new String[] {rewrite.toString(), committed.toString()});
      }
    }
    for (String table : Tables.BATCH_TABLES) {
      if (fs.exists(staged(batch, table))) {
        renames.add(new String[] {staged(batch, table).toString(), partition(table, batch).toString()});
      }
    }
    writeIntent(batch, runId, renames);
    return renames;
  }

  /** Writes one row of the {@code runs} table (in this JVM: no Spark job for one row). */
  public void writeRun(String runId, Row run) {
    try {
      Path staging = new Path(root, STAGING + "/run-" + runId + ".parquet");
      ParquetRowFile.write(fs.getConf(), staging, Tables.schema(Tables.RUNS), List.of(run));
      Path runs = new Path(root, Tables.RUNS);
      fs.mkdirs(runs);
      Path committed = new Path(runs, runId + "-0.parquet");
      fs.delete(committed, false); // a run recorded twice (aborted while recording) keeps its last row
      if (!fs.rename(staging, committed)) {
        throw new IOException("cannot rename " + staging + " to " + committed);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record run " + runId, e);
    }
  }

  // ---- recovery ------------------------------------------------------------------------------

  /**
   * Finishes or removes batches a killed run left under {@code _staging}. Returns the batches
   * rolled forward and rolled back.
   */
  public Recovery recover() {
    List<String> forward = new ArrayList<>();
    List<String> back = new ArrayList<>();
    try {
      Path staging = new Path(root, STAGING);
      if (!fs.exists(staging)) {
        return new Recovery(forward, back);
      }
      for (FileStatus dir : fs.listStatus(staging)) {
        String name = dir.getPath().getName();
        Path intent = new Path(dir.getPath(), INTENT);
        if (fs.exists(intent)) {
          ObjectNode node = (ObjectNode) readJson(intent);
          List<String[]> renames = new ArrayList<>();
          for (var op : node.withArray("renames")) {
            renames.add(new String[] {op.get(0).asText(), op.get(1).asText()});
          }
          finishCommit(name, node.get("run_id").asText(), renames);
          forward.add(name);
        } else {
          fs.delete(dir.getPath(), true);
          back.add(name);
        }
      }
      return new Recovery(forward, back);
    } catch (IOException e) {
      throw new UncheckedIOException("recovery of " + root + " failed", e);
    }
  }

  /** What {@link #recover()} did. */
  public record Recovery(List<String> rolledForward, List<String> rolledBack) {}

  // ---- reading -------------------------------------------------------------------------------

  /** Committed batch ids, ascending (batch ids sort by time). */
  public List<String> committedBatches() {
    try {
      Path commits = new Path(root, COMMITS);
      if (!fs.exists(commits)) {
        return List.of();
      }
      Set<String> batches = new TreeSet<>();
      for (FileStatus f : fs.listStatus(commits, p -> p.getName().endsWith(".json") && !p.getName().startsWith("."))) {
        String name = f.getPath().getName();
        batches.add(name.substring(0, name.length() - ".json".length()));
      }
      return List.copyOf(batches);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list commits in " + root, e);
    }
  }

  /** A checkpoint's latest committed analysis: the identity of the bytes, its status, its batch. */
  public record Committed(String checkpointId, String status, String batch) {}

  /**
   * The latest committed analysis of every checkpoint under {@code configHash}: what a re-run
   * skips. Read from the {@code checkpoints} table alone, on the driver, without a Spark job.
   */
  public Map<String, Committed> committedCheckpoints(String configHash) {
    try {
      return CommittedCheckpoints.read(fs, new Path(root, Tables.CHECKPOINTS), committedBatches(), configHash);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the checkpoints table in " + root, e);
    }
  }

  /**
   * Every committed row of a batch table, including superseded ones, with its {@code batch}
   * column; an empty frame when nothing is committed.
   */
  public Dataset<Row> committedRows(String table) {
    StructType schema = Tables.schema(table).add(Tables.BATCH, DataTypes.StringType, false);
    List<String> batches = committedBatches();
    Path dir = new Path(root, table);
    try {
      if (batches.isEmpty() || !fs.exists(dir)) {
        return sql().createDataFrame(List.of(), schema);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read table " + dir, e);
    }
    return sql().read().schema(schema).option("basePath", dir.toString()).parquet(dir.toString())
        .filter(org.apache.spark.sql.functions.col(Tables.BATCH).isin(batches.toArray()));
  }

  /** The rows of the {@code runs} table (empty frame before the first run ends). */
  public Dataset<Row> runs() {
    Path dir = new Path(root, Tables.RUNS);
    try {
      if (!fs.exists(dir) || fs.listStatus(dir, p -> p.getName().endsWith(".parquet")).length == 0) {
        return sql().createDataFrame(List.of(), Tables.schema(Tables.RUNS));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read table " + dir, e);
    }
    return sql().read().schema(Tables.schema(Tables.RUNS)).parquet(dir.toString());
  }

  /**
   * Registers the temporary views {@code layers, checkpoints, esd, failures, runs}: committed
   * batches only, and per (checkpoint, config_hash) only the rows of its latest batch.
   */
  public void registerViews() {
    committedRows(Tables.CHECKPOINTS).createOrReplaceTempView("htsr_checkpoints_all");
    sql().sql("SELECT checkpoint, config_hash, max(batch) AS batch FROM htsr_checkpoints_all GROUP BY checkpoint, config_hash")
        .createOrReplaceTempView("htsr_latest");
    for (String table : Tables.BATCH_TABLES) {
      committedRows(table).createOrReplaceTempView("htsr_" + table + "_all");
      sql().sql("SELECT t.* FROM htsr_" + table + "_all t LEFT SEMI JOIN htsr_latest l "
              + "ON t.checkpoint = l.checkpoint AND t.config_hash = l.config_hash AND t.batch = l.batch")
          .drop(Tables.BATCH)
          .createOrReplaceTempView(table);
    }
    runs().createOrReplaceTempView(Tables.RUNS);
  }

  // ---- internals -----------------------------------------------------------------------------

  void finishCommit(String batch, String runId, List<String[]> renames) throws IOException {
    for (String[] op : renames) {
      Path from = new Path(op[0]);
      Path to = new Path(op[1]);
      // idempotent: an interrupted commit is replayed from its intent
      if (fs.exists(from) && !fs.exists(to)) {
        fs.mkdirs(to.getParent());
        if (!fs.rename(from, to)) {
          throw new IOException("rename " + from + " -> " + to + " failed");
        }
      }
    }
    Path commits = new Path(root, COMMITS);
    fs.mkdirs(commits);
    Path record = new Path(commits, batch + ".json");
    if (!fs.exists(record)) {
      Path tmp = new Path(commits, "." + batch + ".json.tmp");
      ObjectNode node = JSON.createObjectNode();
      node.put("batch", batch);
      node.put("run_id", runId);
      node.put("committed_at", Instant.now().toString());
      try (OutputStream out = fs.create(tmp, true)) {
        JSON.writeValue(out, node);
      }
      if (!fs.rename(tmp, record)) {
        throw new IOException("cannot publish commit record " + record);
      }
    }
    fs.delete(stagingDir(batch), true);
  }

  private void writeIntent(String batch, String runId, List<String[]> renames) throws IOException {
    ObjectNode node = JSON.createObjectNode();
    node.put("batch", batch);
    node.put("run_id", runId);
    ArrayNode ops = node.putArray("renames");
    for (String[] op : renames) {
      ops.addArray().add(op[0]).add(op[1]);
    }
    Path intent = new Path(stagingDir(batch), INTENT);
    Path tmp = new Path(stagingDir(batch), "." + INTENT + ".tmp");
    try (OutputStream out = fs.create(tmp, true)) {
      JSON.writeValue(out, node);
    }
    if (!fs.rename(tmp, intent)) {
      throw new IOException("cannot write commit intent " + intent);
    }
  }

  private com.fasterxml.jackson.databind.JsonNode readJson(Path path) throws IOException {
    try (InputStream in = fs.open(path)) {
      return JSON.readTree(in);
    }
  }

  private static org.apache.spark.sql.Column notIn(Collection<CheckpointConfig> keys) {
    org.apache.spark.sql.Column superseded = org.apache.spark.sql.functions.lit(false);
    for (CheckpointConfig k : keys) {
      superseded = superseded.or(
          org.apache.spark.sql.functions.col("checkpoint").equalTo(k.checkpoint())
              .and(org.apache.spark.sql.functions.col("config_hash").equalTo(k.configHash())));
    }
    return org.apache.spark.sql.functions.not(superseded);
  }

  private Path stagingDir(String batch) {
    return new Path(root, STAGING + "/" + batch);
  }

  /** The folder where {@code table}'s rows of {@code batch} are staged until the commit. */
  static Path stagedFolder(Path root, String batch, String table) {
    return new Path(new Path(root, STAGING + "/" + batch), table);
  }

  /** Where executors write their rows of {@code batch} straight to Parquet ({@link StagedPart}). */
  public StagedPart stagedPart(String batch) {
    return new StagedPart(root.toString(), batch);
  }

  private Path staged(String batch, String table) {
    return stagedFolder(root, batch, table);
  }

  private Path partition(String table, String batch) {
    return new Path(root, table + "/" + Tables.BATCH + "=" + batch);
  }
}
