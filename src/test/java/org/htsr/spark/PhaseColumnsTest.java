package org.htsr.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.htsr.table.TableStore;
import org.htsr.testing.LocalSpark;
import org.htsr.tools.ZooGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated training run (spectra drifting from random-like to heavy-tailed), analysed with
 * --randomize: the tables carry the phase, MP and randomized columns, and the two questions users
 * ask of them are one query each.
 */
class PhaseColumnsTest {

  @TempDir Path work;

  @Test
  void phaseCountsPerCheckpointAndOneLayerAcrossSteps() {
    SparkSession spark = LocalSpark.session();
    ZooGenerator.generate(work.resolve("zoo"), ZooGenerator.Kind.TRANSFORMER, 4, 1, 11);
    Path out = work.resolve("out");
    IncrementalRunTest.analyse(out, work.resolve("zoo"), "--randomize", "--seed", "7");
    TableStore.open(spark, out.toString()).registerViews();

    List<Row> counts = spark.sql("SELECT step, layers, random_like + bleeding_out + bulk_spikes + bulk_decay + heavy_tailed + rank_collapse, "
        + "random_like, heavy_tailed FROM checkpoints ORDER BY step").collectAsList();
    assertEquals(4, counts.size());
    for (Row r : counts) {
      assertEquals(r.getInt(1), r.getInt(2), "every layer has one phase");
    }
    assertTrue(counts.get(0).getInt(3) > 0, "step 0 (Gaussian init) has random-like layers");
    assertTrue(counts.get(3).getInt(4) > 0, "the last step has heavy-tailed layers");

    List<Row> layer = spark.sql("SELECT step, alpha, phase, phase_reason FROM layers "
        + "WHERE layer_name = 'layers.0.mlp.up_proj.weight' ORDER BY step").collectAsList();
    assertEquals(List.of(0L, 100L, 200L, 300L), layer.stream().map(r -> r.getLong(0)).toList());
    assertTrue(layer.get(0).getDouble(1) > layer.get(3).getDouble(1), "α falls as the tail grows heavy");
    assertTrue(Set.of("random_like", "bleeding_out").contains(layer.get(0).getString(2)), layer.get(0).getString(3));
    assertEquals("heavy_tailed", layer.get(3).getString(2), layer.get(3).getString(3));
    assertTrue(layer.get(3).getString(3).contains("alpha="), "the reason carries the deciding numbers");

    Row randomized = spark.sql("SELECT count(*), count(rand_distance), count(rand_seed), count(sigma_mp) FROM layers").first();
    assertEquals(randomized.getLong(0), randomized.getLong(1));
    assertEquals(randomized.getLong(0), randomized.getLong(2));
    assertEquals(randomized.getLong(0), randomized.getLong(3));
    assertFalse(spark.sql("SELECT 1 FROM esd WHERE rand_eigenvalues IS NULL").collectAsList().iterator().hasNext());
  }

  @Test
  void fitVariantsAreStoredWithTheirMode() {
    SparkSession spark = LocalSpark.session();
    ZooGenerator.generate(work.resolve("zoo"), ZooGenerator.Kind.TRANSFORMER, 1, 1, 3);
    Path out = work.resolve("out");
    IncrementalRunTest.analyse(out, work.resolve("zoo"), "--fit", "tpl");
    IncrementalRunTest.analyse(out, work.resolve("zoo"), "--fit", "clip_xmax");
    TableStore.open(spark, out.toString()).registerViews();
    List<Row> modes = spark.sql("SELECT fit_mode, count(*), count(Lambda), count(raw_alpha) FROM layers GROUP BY fit_mode ORDER BY fit_mode").collectAsList();
    assertEquals("clip_xmax", modes.get(0).getString(0));
    assertEquals(modes.get(0).getLong(1), modes.get(0).getLong(3), "clip_xmax stores raw_alpha");
    assertEquals("tpl", modes.get(1).getString(0));
    assertTrue(modes.get(1).getLong(2) > 0, "tpl stores Lambda");
  }
}
