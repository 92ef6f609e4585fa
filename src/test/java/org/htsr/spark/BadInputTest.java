package org.htsr.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.htsr.io.safetensors.SafetensorsWriter;
import org.htsr.model.DType;
import org.htsr.table.TableStore;
import org.htsr.testing.LocalSpark;
import org.htsr.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A folder mixing good checkpoints with truncated, corrupt and non-checkpoint files: every good
 * checkpoint is analysed, every bad file is a failures row naming it and its problem, and the run
 * exits 0. A valid file with an all-NaN and an all-zero layer keeps its other layers.
 */
class BadInputTest {

  @TempDir Path work;

  @Test
  void badFilesBecomeFailureRowsAndTheSweepGoesOn() throws Exception {
    SparkSession spark = LocalSpark.session();
    Path zoo = Files.createDirectories(work.resolve("zoo"));
    Files.copy(SharedData.resolve("models/gnubg-mlp.safetensors"), zoo.resolve("good.safetensors"));
    byte[] silero = Files.readAllBytes(SharedData.resolve("models/silero-vad-v5.safetensors"));
    Files.write(zoo.resolve("truncated.safetensors"), Arrays.copyOf(silero, silero.length / 2));
    byte[] corrupt = silero.clone();
    corrupt[10] = '#'; // inside the JSON header
    Files.write(zoo.resolve("corrupt.safetensors"), corrupt);
    Files.writeString(zoo.resolve("notes.bin"), "not a checkpoint at all\n", StandardCharsets.UTF_8);
    Files.writeString(zoo.resolve("README.md"), "ignored: no checkpoint extension\n", StandardCharsets.UTF_8);
    Files.write(zoo.resolve("partly_bad.safetensors"), partlyBad());
    Path out = work.resolve("out");

    String log = IncrementalRunTest.analyse(out, zoo);
    assertTrue(log.contains("found 5 checkpoints (1 other files ignored)"), log);

    TableStore.open(spark, out.toString()).registerViews();
    Map<String, Row> checkpoints = new HashMap<>();
    for (Row r : spark.sql("SELECT * FROM checkpoints").collectAsList()) {
      checkpoints.put(Path.of(java.net.URI.create(r.getAs("checkpoint"))).getFileName().toString(), r);
    }
    assertEquals("success", checkpoints.get("good.safetensors").getAs("status"));
    assertEquals(5, (int) checkpoints.get("good.safetensors").<Integer>getAs("layers"));
    // each listed tensor is a layer or counted as skipped (its biases: 1-D); none go uncounted
    Row good = checkpoints.get("good.safetensors");
    assertTrue(good.<Integer>getAs("tensors_skipped") > 0, "biases are skipped tensors");
    assertEquals(good.<Integer>getAs("tensors") - 5, (int) good.<Integer>getAs("tensors_skipped"));
    assertNull(checkpoints.get("corrupt.safetensors").getAs("tensors_skipped"), "not listed, so nothing counted");
    assertTrue(log.contains(" skipped "), log);
    for (String bad : List.of("truncated.safetensors", "corrupt.safetensors", "notes.bin")) {
      assertEquals("failed", checkpoints.get(bad).getAs("status"), bad);
    }

    Map<String, Row> failures = new HashMap<>();
    for (Row r : spark.sql("SELECT * FROM failures WHERE layer_name IS NULL").collectAsList()) {
      failures.put(Path.of(java.net.URI.create(r.getAs("checkpoint"))).getFileName().toString(), r);
    }
    assertFailure(failures.get("truncated.safetensors"), "truncated.safetensors", "TRUNCATED");
    assertFailure(failures.get("corrupt.safetensors"), "corrupt.safetensors", "BAD_HEADER");
    assertFailure(failures.get("notes.bin"), "notes.bin", "UNKNOWN_FORMAT");

    Map<String, Row> layers = new HashMap<>();
    for (Row r : spark.sql("SELECT * FROM layers WHERE checkpoint LIKE '%partly_bad%'").collectAsList()) {
      layers.put(r.getAs("layer_name"), r);
    }
    assertEquals("success", layers.get("good.weight").getAs("status"));
    assertTrue(layers.get("good.weight").getAs("alpha") != null);
    for (String bad : List.of("nan.weight", "zero.weight")) {
      Row r = layers.get(bad);
      assertEquals("failed", r.getAs("status"), bad);
      assertTrue(r.isNullAt(r.fieldIndex("alpha")), bad + " has no alpha, not a sentinel");
      assertTrue(r.<String>getAs("error").contains(bad), r.<String>getAs("error"));
    }
    List<Row> layerFailures = spark.sql("SELECT layer_name, stage, error_class FROM failures WHERE checkpoint LIKE '%partly_bad%' ORDER BY layer_name").collectAsList();
    assertEquals(2, layerFailures.size());
    assertEquals("NON_FINITE", layerFailures.get(0).getString(2));
    assertEquals("AllZero", layerFailures.get(1).getString(2));
  }

  private static void assertFailure(Row r, String file, String errorClass) {
    assertTrue(r != null, "no failures row for " + file);
    assertEquals(errorClass, r.getAs("error_class"), file);
    assertTrue(r.<String>getAs("message").contains(file), r.<String>getAs("message"));
  }

  /** A valid file: one good layer, one all-NaN layer, one all-zero layer. */
  private static byte[] partlyBad() {
    SplittableRandom random = new SplittableRandom(5);
    double[] good = new double[64 * 32];
    for (int i = 0; i < good.length; i++) {
      good[i] = random.nextGaussian();
    }
    double[] nan = new double[64 * 32];
    Arrays.fill(nan, Double.NaN);
    return new SafetensorsWriter()
        .add("good.weight", DType.F32, List.of(64L, 32L), good)
        .add("nan.weight", DType.F32, List.of(64L, 32L), nan)
        .add("zero.weight", DType.F32, List.of(64L, 32L), new double[64 * 32])
        .toByteArray();
  }
}
