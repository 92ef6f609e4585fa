package org.htsr.spark.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discovery's rules on a nested tree, and the local directory walk (no per-file {@code ls -ld}
 * processes) giving exactly what Hadoop's recursive {@code listFiles} gives.
 */
class CheckpointDiscoveryTest {

  @TempDir Path work;

  @Test
  void localWalkFindsWhatListFilesFinds() throws Exception {
    Path zoo = work.resolve("zoo");
    touch(zoo.resolve("run-a/checkpoint-100/model.safetensors"));
    touch(zoo.resolve("run-a/checkpoint-200/model.safetensors"));
    touch(zoo.resolve("run-a/checkpoint-200/config.json"));
    touch(zoo.resolve("run-b/step_5/weights.pt"));
    touch(zoo.resolve("run-b/README.md"));
    touch(zoo.resolve("run-b/.cache/hidden.safetensors"));
    touch(zoo.resolve("run-b/_tmp/underscored.safetensors"));
    touch(zoo.resolve("run-b/.dot.safetensors"));
    touch(zoo.resolve("out/layers/batch=b1/part-0.safetensors")); // the tables' own output: never walked
    Path sharded = zoo.resolve("run-c/checkpoint-7");
    Files.createDirectories(sharded);
    Files.writeString(sharded.resolve("model.safetensors.index.json"),
        "{\"weight_map\": {\"a\": \"model-00001-of-00002.safetensors\", \"b\": \"model-00002-of-00002.safetensors\"}}",
        StandardCharsets.UTF_8);
    touch(sharded.resolve("model-00001-of-00002.safetensors"));
    touch(sharded.resolve("model-00002-of-00002.safetensors"));
    for (int i = 0; i < 30; i++) {
      touch(zoo.resolve("run-d/deep/er/still/checkpoint-" + i + "/model.safetensors"));
    }

    Configuration conf = new Configuration();
    String out = FileSystem.getLocal(conf).makeQualified(new org.apache.hadoop.fs.Path(zoo.resolve("out").toString())).toString();
    CheckpointNaming naming = new CheckpointNaming(Optional.empty());
    CheckpointDiscovery.Result walked = new CheckpointDiscovery(conf, naming, out).discover(List.of(zoo.toString()));
    CheckpointDiscovery.Result listed = new CheckpointDiscovery(conf, naming, out, CheckpointDiscovery.LocalListing.HADOOP_LIST_FILES).discover(List.of(zoo.toString()));

    assertEquals(3 + 30 + 1, walked.checkpoints().size(), walked.checkpoints().toString());
    assertEquals(2, walked.ignoredFiles(), "config.json and README.md");
    assertEquals(listed.checkpoints(), walked.checkpoints());
    assertEquals(listed.ignoredFiles(), walked.ignoredFiles());
    assertEquals(walked.checkpoints().stream().filter(r -> r.uri().endsWith(".index.json")).count(), 1);
    assertEquals(List.of(), walked.checkpoints().stream().map(CheckpointRef::uri)
        .filter(u -> u.contains("/.") || u.contains("/_") || u.contains("/out/") || u.contains("-of-")).toList());
  }

  @Test
  void symbolicLinkLoopsAreWalkedOnce() throws Exception {
    Path zoo = work.resolve("zoo");
    touch(zoo.resolve("run-a/checkpoint-1/model.safetensors"));
    Files.createSymbolicLink(zoo.resolve("run-a/checkpoint-1/again"), zoo.resolve("run-a"));
    Files.createSymbolicLink(zoo.resolve("run-b"), zoo.resolve("run-a"));

    CheckpointDiscovery.Result found = new CheckpointDiscovery(new Configuration(), new CheckpointNaming(Optional.empty()),
        "file:/nonexistent-out").discover(List.of(zoo.toString()));

    assertEquals(1, found.checkpoints().size(), found.checkpoints().toString());
  }

  /**
   * One rule for special files and links: FIFOs are never opened, links that dangle, loop or leave
   * the input tree are skipped with their reason, names with a newline or undecodable bytes are
   * not dropped silently, and an index naming itself as a shard is still a checkpoint.
   */
  @Test
  void specialFilesAndLinksAreSkippedAndCounted() throws Exception {
    Path zoo = work.resolve("zoo");
    Path outside = work.resolve("outside");
    touch(zoo.resolve("good.safetensors"));
    touch(outside.resolve("secret.safetensors"));
    touch(outside.resolve("deep/more.safetensors"));
    run("mkfifo", zoo.resolve("fifo.safetensors").toString());
    Files.createSymbolicLink(zoo.resolve("dangling.safetensors"), zoo.resolve("nowhere.safetensors"));
    Files.createSymbolicLink(zoo.resolve("loop-a.pt"), zoo.resolve("loop-b.pt"));
    Files.createSymbolicLink(zoo.resolve("loop-b.pt"), zoo.resolve("loop-a.pt"));
    Files.createSymbolicLink(zoo.resolve("escape.safetensors"), outside.resolve("secret.safetensors"));
    Files.createSymbolicLink(zoo.resolve("escape-dir"), outside.resolve("deep"));
    Files.createSymbolicLink(zoo.resolve("inside.safetensors"), zoo.resolve("good.safetensors"));
    touch(zoo.resolve("new\nline.safetensors"));
    run("bash", "-c", "touch \"$1\"/$'bad\\xff.safetensors'", "-", zoo.toString());
    Files.writeString(zoo.resolve("self.safetensors.index.json"),
        "{\"weight_map\": {\"a\": \"self.safetensors.index.json\"}}", StandardCharsets.UTF_8);

    CheckpointDiscovery.Result found = new CheckpointDiscovery(new Configuration(), new CheckpointNaming(Optional.empty()),
        "file:/nonexistent-out").discover(List.of(zoo.toString()));

    List<String> names = found.checkpoints().stream().map(r -> r.uri().substring(r.uri().lastIndexOf('/') + 1)).sorted().toList();
    assertEquals(List.of("good.safetensors", "inside.safetensors", "new\nline.safetensors", "self.safetensors.index.json"), names);
    String skipped = String.join("\n", found.skippedEntries());
    assertEquals(7, found.skippedEntries().size(), skipped);
    for (String expected : List.of("safetensors: its name is not valid", "fifo.safetensors: not a regular file", "dangling.safetensors: a dangling or looping",
        "loop-a.pt: a dangling or looping", "loop-b.pt: a dangling or looping", "escape.safetensors: a symbolic link to",
        "escape-dir: a symbolic link to")) {
      assertTrue(skipped.contains(expected), expected + " in " + skipped);
    }
    assertEquals(0, found.ignoredFiles());
  }

  /** An ONNX model's external-data file belongs to the model; it is not a checkpoint of its own. */
  @Test
  void onnxExternalDataIsPartOfItsModel() throws Exception {
    Path zoo = Files.createDirectories(work.resolve("zoo"));
    org.htsr.io.onnx.Onnx.TensorProto w = org.htsr.io.onnx.Onnx.TensorProto.newBuilder().setName("w").setDataType(1)
        .addDims(2).addDims(3).setDataLocation(org.htsr.io.onnx.Onnx.TensorProto.DataLocation.EXTERNAL)
        .addExternalData(org.htsr.io.onnx.Onnx.StringStringEntryProto.newBuilder().setKey("location").setValue("weights.bin"))
        .build();
    byte[] model = org.htsr.io.onnx.Onnx.ModelProto.newBuilder().setIrVersion(8)
        .setGraph(org.htsr.io.onnx.Onnx.GraphProto.newBuilder().addInitializer(w)).build().toByteArray();
    Files.write(zoo.resolve("model.onnx"), model);
    Files.write(zoo.resolve("weights.bin"), new byte[24]);
    touch(zoo.resolve("other.bin"));

    CheckpointDiscovery.Result found = new CheckpointDiscovery(new Configuration(), new CheckpointNaming(Optional.empty()),
        "file:/nonexistent-out").discover(List.of(zoo.toString()));

    List<String> names = found.checkpoints().stream().map(r -> r.uri().substring(r.uri().lastIndexOf('/') + 1)).sorted().toList();
    assertEquals(List.of("model.onnx", "other.bin"), names);
    CheckpointRef onnx = found.checkpoints().stream().filter(r -> r.uri().endsWith("model.onnx")).findFirst().orElseThrow();
    assertEquals(Files.size(zoo.resolve("model.onnx")) + 24, onnx.bytes(), "the model's bytes include its external data");
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).inheritIO().start();
    assertEquals(0, p.waitFor(), String.join(" ", command));
  }

  private static void touch(Path file) throws Exception {
    Files.createDirectories(file.getParent());
    Files.write(file, new byte[] {1, 2, 3});
  }
}
