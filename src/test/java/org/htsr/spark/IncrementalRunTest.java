package org.htsr.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.htsr.table.TableStore;
import org.htsr.testing.LocalSpark;
import org.htsr.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Re-running skips what is done; a new checkpoint is analysed alone; --force recomputes without duplicates. */
public class IncrementalRunTest {

  @TempDir Path work;

  @Test
  void rerunsAddNothingAndNewCheckpointsAloneAreAnalysed() throws Exception {
    SparkSession spark = LocalSpark.session();
    Path inputs = Files.createDirectories(work.resolve("zoo/run1"));
    Files.copy(SharedData.resolve("models/gnubg-mlp.safetensors"), inputs.resolve("gnubg-mlp.safetensors"));
    // the repository's sample model, as the README's first command analyses it
    Files.copy(Path.of("data/models/silero-vad-v5.safetensors"), inputs.resolve("silero-vad-v5.safetensors"));
    Path out = work.resolve("out");

    String first = analyse(out, inputs);
    assertTrue(first.contains("2 analysed"), first);
    long[] counts = counts(spark, out);

    String second = analyse(out, inputs);
    assertTrue(second.contains("skipping 2 checkpoints"), second);
    assertTrue(second.contains("0 analysed"), second);
    assertEquals(counts[0], counts(spark, out)[0], "layers rows");
    assertEquals(counts[1], counts(spark, out)[1], "checkpoints rows");
    assertEquals(counts[2], counts(spark, out)[2], "esd rows");

    Files.copy(SharedData.resolve("synthetic/conv.safetensors"), inputs.resolve("conv.safetensors"));
    String third = analyse(out, inputs);
    assertTrue(third.contains("skipping 2 checkpoints"), third);
    assertTrue(third.contains("[1/1] conv"), third);
    long[] after = counts(spark, out);
    assertEquals(counts[1] + 1, after[1]);
    assertEquals(counts[0] + 4, after[0], "conv.safetensors has 4 layers");

    String forced = analyse(out, inputs, "--force");
    assertTrue(forced.contains("3 analysed"), forced);
    long[] recomputed = counts(spark, out);
    assertEquals(after[0], recomputed[0], "--force replaces rows, never duplicates them");
    assertEquals(after[1], recomputed[1]);
    assertEquals(after[2], recomputed[2]);
    // and physically: the older batches were rewritten without the superseded rows
    TableStore store = TableStore.open(spark, out.toString());
    assertEquals(recomputed[0], store.committedRows("layers").count());
    assertEquals(4, spark.sql("SELECT count(*) FROM runs").first().getLong(0));
    Row run = spark.sql("SELECT checkpoints_found, checkpoints_skipped, checkpoints_analysed FROM runs ORDER BY started_at DESC LIMIT 1").first();
    assertEquals(3, run.getInt(0));
    assertEquals(0, run.getInt(1));
    assertEquals(3, run.getInt(2));
  }

  @Test
  void aDifferentConfigurationIsAnalysedBesideTheFirst() throws Exception {
    SparkSession spark = LocalSpark.session();
    Path inputs = Files.createDirectories(work.resolve("zoo"));
    Files.copy(SharedData.resolve("synthetic/conv.safetensors"), inputs.resolve("conv.safetensors"));
    Path out = work.resolve("out");
    analyse(out, inputs);
    String perSlice = analyse(out, inputs, "--no-pool");
    assertTrue(perSlice.contains("1 analysed"), perSlice);
    TableStore.open(spark, out.toString()).registerViews();
    List<Row> perConfig = spark.sql("SELECT config_hash, count(*) FROM layers GROUP BY config_hash ORDER BY 2").collectAsList();
    assertEquals(2, perConfig.size());
    assertEquals(4, perConfig.get(0).getLong(1), "pooled: one row per kernel");
    assertEquals(9 + 9 + 1 + 25, perConfig.get(1).getLong(1), "per slice: one row per kernel position");
  }

  @Test
  void contentIdentitySkipsATouchedFileAndRedoesAChangedOne() throws Exception {
    SparkSession spark = LocalSpark.session();
    Path inputs = Files.createDirectories(work.resolve("zoo"));
    Path model = inputs.resolve("gnubg-mlp.safetensors");
    Files.copy(SharedData.resolve("models/gnubg-mlp.safetensors"), model);
    Path out = work.resolve("out");
    analyse(out, inputs, "--identity", "content");

    // a new modification time alone: the path identity would recompute, the content identity skips
    Files.setLastModifiedTime(model, java.nio.file.attribute.FileTime.fromMillis(Files.getLastModifiedTime(model).toMillis() + 60_000));
    String touched = analyse(out, inputs, "--identity", "content");
    assertTrue(touched.contains("skipping 1 checkpoints"), touched);
    assertTrue(analyse(out.resolveSibling("out-path"), inputs).contains("1 analysed"));

    // one changed byte (inside a tensor's data, so the file stays valid): a new identity
    byte[] bytes = Files.readAllBytes(model);
    bytes[bytes.length - 1] ^= 1;
    Files.write(model, bytes);
    String changed = analyse(out, inputs, "--identity", "content");
    assertTrue(changed.contains("1 analysed"), changed);
    TableStore.open(spark, out.toString()).registerViews();
    List<Row> ids = spark.sql("SELECT DISTINCT checkpoint_id FROM checkpoints").collectAsList();
    assertEquals(1, ids.size(), "the view shows the latest analysis of the checkpoint");
    assertEquals(sha256(bytes).substring(0, 24), ids.get(0).getString(0));
  }

  private static String sha256(byte[] bytes) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static long[] counts(SparkSession spark, Path out) {
    TableStore.open(spark, out.toString()).registerViews();
    return new long[] {
      spark.sql("SELECT count(*) FROM layers").first().getLong(0),
      spark.sql("SELECT count(*) FROM checkpoints").first().getLong(0),
      spark.sql("SELECT count(*) FROM esd").first().getLong(0)
    };
  }

  public static String analyse(Path out, Path inputs, String... extra) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    List<String> args = new java.util.ArrayList<>(List.of("--out", out.toString()));
    args.addAll(List.of(extra));
    args.add(inputs.toString());
    int status = AnalyzeJob.run(args, new PrintStream(buffer, true, StandardCharsets.UTF_8), System.err);
    String log = buffer.toString(StandardCharsets.UTF_8);
    assertEquals(0, status, log);
    return log;
  }
}
