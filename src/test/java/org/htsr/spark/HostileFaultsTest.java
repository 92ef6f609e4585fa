package org.htsr.spark;

import org.htsr.testing.RandomValues;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.htsr.io.safetensors.SafetensorsWriter;
import org.htsr.model.DType;
import org.htsr.table.TableStore;
import org.htsr.testing.LocalSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The second round of hostile inputs through the whole job (issue 16): 2-D layers whose M×M
 * Gram matrix no task can hold (sparse files: only the header is real), an F64 tensor of
 * subnormal values beside a good one, and a FIFO. The run exits 0, the good checkpoint and the
 * good tensor are analysed, every bad one is a row naming file and problem, and a re-run retries
 * the checkpoints that failed for want of memory.
 */
class HostileFaultsTest {

  @TempDir Path work;

  @Test
  void faultsBecomeRowsAndReRunsRetryThem() throws Exception {
    SparkSession spark = LocalSpark.session();
    Path zoo = Files.createDirectories(work.resolve("zoo"));
    Files.write(zoo.resolve("good.safetensors"), new SafetensorsWriter()
        .add("a.weight", DType.F32, List.of(64L, 32L), RandomValues.gaussian(64 * 32, 1))
        .add("b.weight", DType.F32, List.of(48L, 24L), RandomValues.gaussian(48 * 24, 2))
        .toByteArray());
    sparseSafetensors(zoo.resolve("tall-m25k.safetensors"), 500_000, 25_000);
    sparseSafetensors(zoo.resolve("wide-m50k.safetensors"), 50_000, 250_000);
    double[] tiny = new double[64 * 32];
    Arrays.fill(tiny, 1e-320);
    Files.write(zoo.resolve("subnormal.safetensors"), new SafetensorsWriter()
        .add("good.weight", DType.F64, List.of(64L, 32L), RandomValues.gaussian(64 * 32, 3))
        .add("tiny.weight", DType.F64, List.of(64L, 32L), tiny)
        .toByteArray());
    Process mkfifo = new ProcessBuilder("mkfifo", zoo.resolve("pipe.safetensors").toString()).inheritIO().start();
    assertEquals(0, mkfifo.waitFor());
    Path out = work.resolve("out");

    String log = IncrementalRunTest.analyse(out, zoo, "--solver", "auto");
    assertTrue(log.contains("warning: skipped " + zoo.resolve("pipe.safetensors") + ": not a regular file"), log);
    assertTrue(log.contains("found 4 checkpoints (1 entries skipped)"), log);

    TableStore.open(spark, out.toString()).registerViews();
    Map<String, Row> checkpoints = byFile(spark.sql("SELECT * FROM checkpoints").collectAsList());
    assertEquals("success", checkpoints.get("good.safetensors").getAs("status"), String.valueOf(checkpoints.get("good.safetensors").<String>getAs("error")) + "\n" + log);
    assertEquals(0, (int) checkpoints.get("good.safetensors").<Integer>getAs("layers_failed"));
    assertEquals(2, (int) checkpoints.get("subnormal.safetensors").<Integer>getAs("layers"));

    Map<String, Row> failures = byFile(spark.sql("SELECT * FROM failures").collectAsList());
    assertTooLarge(checkpoints, failures, "tall-m25k.safetensors", "M = 25,000", "5.0 GB");
    assertTooLarge(checkpoints, failures, "wide-m50k.safetensors", "M = 50,000", "20.0 GB");

    List<Row> subnormal = spark.sql("SELECT layer_name, status, alpha, error FROM layers "
        + "WHERE checkpoint LIKE '%subnormal%' ORDER BY layer_name").collectAsList();
    assertEquals("success", subnormal.get(0).getAs("status"), "the good tensor of the file is analysed");
    assertFalse(subnormal.get(0).isNullAt(2));
    assertEquals("failed", subnormal.get(1).getAs("status"));
    assertTrue(subnormal.get(1).<String>getAs("error").contains("tiny.weight")
        && subnormal.get(1).<String>getAs("error").contains("too small to square"), subnormal.get(1).<String>getAs("error"));
    Row tinyFailure = failures.get("subnormal.safetensors");
    assertEquals("tiny.weight", tinyFailure.getAs("layer_name"));
    assertEquals("AllZero", tinyFailure.getAs("error_class"));

    String again = IncrementalRunTest.analyse(out, zoo, "--solver", "auto");
    assertTrue(again.contains("skipping 2 checkpoints"), "good and subnormal are done; the two too large are retried: " + again);
  }

  private static void assertTooLarge(Map<String, Row> checkpoints, Map<String, Row> failures, String file, String m, String size) {
    assertEquals("failed", checkpoints.get(file).getAs("status"), file + " must be retried by a re-run");
    Row f = failures.get(file);
    assertEquals("TOO_LARGE", f.getAs("error_class"), file);
    assertEquals("w", f.getAs("layer_name"), file);
    String message = f.getAs("message");
    assertTrue(message.contains(file) && message.contains(m) && message.contains(size + " per task"), message);
  }

  private static Map<String, Row> byFile(List<Row> rows) {
    Map<String, Row> out = new HashMap<>();
    for (Row r : rows) {
      out.put(Path.of(java.net.URI.create(r.getAs("checkpoint"))).getFileName().toString(), r);
    }
    return out;
  }

  /** A valid safetensors header for one F32 [rows, cols] tensor; the data is a hole in a sparse file. */
  static void sparseSafetensors(Path file, long rows, long cols) throws Exception {
    long bytes = rows * cols * 4;
    StringBuilder json = new StringBuilder("{\"w\":{\"dtype\":\"F32\",\"shape\":[" + rows + "," + cols
        + "],\"data_offsets\":[0," + bytes + "]}}");
    while (json.length() % 8 != 0) {
      json.append(' ');
    }
    byte[] header = json.toString().getBytes(StandardCharsets.US_ASCII);
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
      f.write(header);
      f.setLength(8 + header.length + bytes);
    }
  }
}
