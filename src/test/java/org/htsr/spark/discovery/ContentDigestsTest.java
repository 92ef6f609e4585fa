package org.htsr.spark.discovery;

import org.htsr.spark.hadoop.SerializableHadoopConf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.htsr.testing.LocalSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --identity content: digests computed by a Spark job follow the bytes, not the path or the clock. */
class ContentDigestsTest {

  @TempDir Path work;

  @Test
  void contentIdentityFollowsTheBytesNotThePathOrTheClock() throws Exception {
    Path a = work.resolve("a/checkpoint-1/model.safetensors");
    Path b = work.resolve("b/checkpoint-1/model.safetensors");
    write(a, new byte[] {1, 2, 3});
    write(b, new byte[] {1, 2, 3});
    Files.setLastModifiedTime(b, FileTime.fromMillis(1_000_000));
    Path sharded = work.resolve("c/checkpoint-2");
    write(sharded.resolve("model.safetensors.index.json"), "{\"weight_map\": {\"x\": \"s-1.safetensors\"}}".getBytes(StandardCharsets.UTF_8));
    write(sharded.resolve("s-1.safetensors"), new byte[] {9});
    Path unreadable = work.resolve("d/model.safetensors");
    write(unreadable, new byte[] {7});

    List<CheckpointRef> listed = discover();
    Map<String, CheckpointRef> byPath = byPath(listed);
    // the file vanishes between listing and digesting: that checkpoint keeps its path identity
    Files.delete(unreadable);
    Map<String, CheckpointRef> byContent = byPath(digest(listed));

    CheckpointRef ca = byContent.get(a.toString());
    CheckpointRef cb = byContent.get(b.toString());
    assertEquals(sha256(new byte[] {1, 2, 3}), ca.contentSha256());
    assertEquals(ca.checkpointId(), cb.checkpointId(), "same bytes, other path and time: same identity");
    assertNotEquals(byPath.get(a.toString()).checkpointId(), byPath.get(b.toString()).checkpointId());
    assertNull(byPath.get(a.toString()).contentSha256());
    assertNull(byContent.get(unreadable.toString()).contentSha256());
    assertEquals(byPath.get(unreadable.toString()).checkpointId(), byContent.get(unreadable.toString()).checkpointId());
    // a sharded checkpoint: the index's bytes, then its shards'
    byte[] index = Files.readAllBytes(sharded.resolve("model.safetensors.index.json"));
    byte[] both = Arrays.copyOf(index, index.length + 1);
    both[index.length] = 9;
    assertEquals(sha256(both), byContent.get(sharded.resolve("model.safetensors.index.json").toString()).contentSha256());

    write(b, new byte[] {1, 2, 4});
    assertNotEquals(ca.checkpointId(), byPath(digest(discover())).get(b.toString()).checkpointId());
  }

  private List<CheckpointRef> discover() {
    return new CheckpointDiscovery(new Configuration(), new CheckpointNaming(Optional.empty()), "file:/nonexistent-out")
        .discover(List.of(work.toString())).checkpoints();
  }

  private static List<CheckpointRef> digest(List<CheckpointRef> refs) {
    SparkSession spark = LocalSpark.session();
    return ContentDigests.withDigests(JavaSparkContext.fromSparkContext(spark.sparkContext()), refs,
        new SerializableHadoopConf(spark.sparkContext().hadoopConfiguration()));
  }

  private static Map<String, CheckpointRef> byPath(List<CheckpointRef> refs) {
    Map<String, CheckpointRef> out = new HashMap<>();
    refs.forEach(r -> out.put(new org.apache.hadoop.fs.Path(r.uri()).toUri().getPath(), r));
    return out;
  }

  private static void write(Path file, byte[] bytes) throws Exception {
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
