package org.htsr.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.htsr.testing.LocalSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commit protocol: nothing is visible before the commit, and recovery finishes or discards. */
class TableStoreTest {

  @TempDir Path out;

  private final SparkSession spark = LocalSpark.session();

  @Test
  void aStagedBatchIsInvisibleAndDiscardedWithoutItsIntent() {
    TableStore store = TableStore.open(spark, out.toString());
    stageCheckpoints(store, "b1", "file:/a", "file:/b");
    store.registerViews();
    assertEquals(0, count("checkpoints"), "staged rows are not visible");

    TableStore.Recovery r = store.recover();
    assertEquals(List.of("b1"), r.rolledBack());
    assertFalse(Files.exists(out.resolve("_staging/b1")));
    store.registerViews();
    assertEquals(0, count("checkpoints"));
  }

  @Test
  void aCommitInterruptedAfterItsIntentIsRolledForward() throws Exception {
    TableStore store = TableStore.open(spark, out.toString());
    stageCheckpoints(store, "b1", "file:/a", "file:/b");
    List<String[]> renames = store.prepareCommit("b1", "run1", Map.of());
    // the driver dies after the intent, before any rename
    store.registerViews();
    assertEquals(0, count("checkpoints"), "no commit record yet: not visible");

    TableStore.Recovery r = store.recover();
    assertEquals(List.of("b1"), r.rolledForward());
    assertTrue(!renames.isEmpty());
    store.registerViews();
    assertEquals(2, count("checkpoints"));
  }

  @Test
  void supersededRowsAreRemovedFromOlderBatchesEvenAfterACrashMidway() throws Exception {
    TableStore store = TableStore.open(spark, out.toString());
    stageCheckpoints(store, "b1", "file:/a", "file:/b");
    store.commit("b1", "run1", Map.of());
    stageCheckpoints(store, "b2", "file:/a");
    List<String[]> renames = store.prepareCommit("b2", "run2", Map.of("b1", Set.of(new CheckpointConfig("file:/a", "cfg"))));
    // crash after the first rename: b1's partition is moved away, its rewrite not yet in place
    org.apache.hadoop.fs.Path from = new org.apache.hadoop.fs.Path(renames.get(0)[0]);
    org.apache.hadoop.fs.Path to = new org.apache.hadoop.fs.Path(renames.get(0)[1]);
    org.apache.hadoop.fs.FileSystem fs = from.getFileSystem(spark.sparkContext().hadoopConfiguration());
    fs.mkdirs(to.getParent());
    assertTrue(fs.rename(from, to));

    store.recover();
    store.registerViews();
    assertEquals(2, count("checkpoints"), "a and b, once each");
    assertEquals("b2", spark.sql("SELECT batch FROM htsr_latest WHERE checkpoint = 'file:/a'").first().getString(0));
    assertEquals(2, store.committedRows(Tables.CHECKPOINTS).count(), "the superseded row is gone from the files too");
  }

  @Test
  void oneWriterAtATime() throws Exception {
    TableStore store = TableStore.open(spark, out.toString());
    try (TablesLock held = store.lock("run1")) {
      TablesLock.HeldException e = assertThrows(TablesLock.HeldException.class, () -> store.lock("run2"));
      assertTrue(e.getMessage().contains("run1"), e.getMessage());
    }
    try (TablesLock again = store.lock("run3")) {
      assertTrue(Files.exists(out.resolve("_lock")));
    }
    assertFalse(Files.exists(out.resolve("_lock")));
  }

  @Test
  void aLockWhoseOwnerDiedIsTakenOver() throws Exception {
    Process dead = new ProcessBuilder("true").start();
    dead.waitFor();
    Files.writeString(out.resolve("_lock"), "{\"run_id\":\"gone\",\"host\":\"" + java.net.InetAddress.getLocalHost().getHostName()
        + "\",\"pid\":" + dead.pid() + ",\"started_at\":\"2026-01-01T00:00:00Z\"}");
    TableStore store = TableStore.open(spark, out.toString());
    try (TablesLock lock = store.lock("run2")) {
      assertTrue(Files.readString(out.resolve("_lock")).contains("run2"));
    }
  }

  private long count(String view) {
    return spark.sql("SELECT count(*) FROM " + view).first().getLong(0);
  }

  private void stageCheckpoints(TableStore store, String batch, String... checkpoints) {
    List<Row> rows = new ArrayList<>();
    for (String c : checkpoints) {
      RowKey key = new RowKey("run", "m", c, "id-" + c, null, "cfg");
      CheckpointRows.Summary s = new CheckpointRows.Summary(c, c, "safetensors", 1, 0, 1, 0, 0, 0, new CheckpointRows.Means(), 0, null);
      rows.add(CheckpointRows.row(key, s));
    }
    store.stage(batch, Tables.CHECKPOINTS, rows);
  }
}
