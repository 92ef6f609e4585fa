package org.htsr.io.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.htsr.io.formats.CheckpointFormats;
import org.htsr.io.CheckpointReader;
import org.htsr.io.LocalInputFiles;
import org.htsr.io.safetensors.SafetensorsWriter;
import org.htsr.model.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metadata of real layouts, the precedence of sources, and hostile metadata. */
class MetadataCollectorTest {

  /** Real files of the shared series' bs8 run (src/test/resources/experiments/…/PROVENANCE.md). */
  private static final Path BS8 = Path.of("src/test/resources/experiments/minialexnet-fmnist-bs8");

  @TempDir
  Path dir;

  @Test
  void huggingFaceTrainerLayoutGivesStepEpochMetricsAndHyperparameters() throws Exception {
    Path checkpoint = hfRun("bs8");
    CheckpointMetadata md = collect(MetadataCollector.standard(), checkpoint, "bs8", 7500L);
    Map<String, MetadataEntry> r = md.resolved();
    assertEquals(7500L, md.step());
    assertEquals(MetadataSource.TRAINER_STATE, r.get("step").source());
    assertEquals(5.0, r.get("epoch").number());
    assertEquals(0.8761, r.get("eval_accuracy").number(), "the evaluation logged at step 7500");
    assertEquals(0.01836626739501953, r.get("eval_loss").number());
    assertEquals(0.010457017904348883, r.get("loss").number(), "the training loss logged at step 7500");
    assertEquals(0.0081450625, r.get("learning_rate").number(), "trainer_state's learning rate wins over training_args'");
    assertEquals(8.0, r.get("batch_size").number(), "from per_device_train_batch_size");
    assertEquals("[384,192]", r.get("hidden_sizes").value());
    assertEquals(MetadataSource.MODEL_CONFIG, r.get("hidden_sizes").source());
    assertEquals("bs8", r.get("run").value());
    assertTrue(md.entries().stream().anyMatch(e -> e.key().equals("learning_rate") && e.source() == MetadataSource.TRAINING_ARGS
        && e.number() == 0.01), "the hyperparameter stays in the table under its own source");
  }

  @Test
  void stepComesFromTheTrainerWhenThePathHasNone() throws Exception {
    Path run = Files.createDirectories(dir.resolve("final"));
    Files.writeString(run.resolve("trainer_state.json"), "{\"global_step\": 4200, \"epoch\": 3.0, \"log_history\": []}");
    Path model = writeSafetensors(run.resolve("model.safetensors"), Map.of());
    CheckpointMetadata md = collect(MetadataCollector.standard(), model, "final", null);
    assertEquals(4200L, md.step());
  }

  @Test
  void manifestWinsOverTrainerFilesOverFileMetadataOverPath() throws Exception {
    Path checkpoint = hfRun("bs8");
    Path manifest = dir.resolve("runs.csv");
    Files.writeString(manifest, String.join("\n",
        "path,experiment,eval_accuracy,step,note",
        "bs8/checkpoint-*/model.safetensors,batch-size,0.9,7501,\"quoted, with comma\"",
        "*/nothing-matches/*,other,0.1,1,x",
        ""));
    Manifest m = Manifest.load(manifest);
    assertEquals(2, m.size());
    CheckpointMetadata md = collect(new MetadataCollector(m, "from-option"), checkpoint, "bs8", 7500L);
    Map<String, MetadataEntry> r = md.resolved();
    assertEquals(7501L, md.step(), "manifest > trainer_state > path");
    assertEquals(0.9, r.get("eval_accuracy").number());
    assertEquals(MetadataSource.MANIFEST, r.get("eval_accuracy").source());
    assertEquals("batch-size", r.get("experiment").value(), "a manifest column beats --experiment");
    assertEquals("quoted, with comma", r.get("note").value());
    assertEquals(5.0, r.get("epoch").number(), "keys the manifest lacks come from the trainer");
    assertEquals("pt", r.get("format").value(), "then the file's metadata");
    // every source keeps its own row: the trainer's value is still there
    assertTrue(md.entries().stream().anyMatch(e -> e.key().equals("eval_accuracy") && e.source() == MetadataSource.TRAINER_STATE));
  }

  @Test
  void fileMetadataWinsOverThePathAndJsonManifestsMatchByModel() throws Exception {
    Path model = writeSafetensors(dir.resolve("run_bs16/step_100.safetensors"), Map.of("step", "120", "test_acc", "0.5"));
    Path manifest = dir.resolve("runs.json");
    Files.writeString(manifest, "[{\"model\": \"run_bs16\", \"batch_size\": 16, \"opt\": {\"name\": \"sgd\", \"lr\": 0.1}}]");
    CheckpointMetadata md = collect(new MetadataCollector(Manifest.load(manifest), null), model, "run_bs16", 100L);
    assertEquals(120L, md.step(), "file metadata > path");
    Map<String, MetadataEntry> r = md.resolved();
    assertEquals(16.0, r.get("batch_size").number());
    assertEquals(0.1, r.get("opt.lr").number());
    assertEquals("sgd", r.get("opt.name").value());
    assertNull(r.get("experiment"));
  }

  @Test
  void badManifestsNameTheFileAndTheRow() throws Exception {
    Path csv = dir.resolve("bad.csv");
    Files.writeString(csv, "path,batch_size\na/*,8\nb/*\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Manifest.load(csv));
    assertTrue(e.getMessage().contains("bad.csv") && e.getMessage().contains("row 2"), e.getMessage());
    Path nomatch = dir.resolve("nomatch.csv");
    Files.writeString(nomatch, "batch_size\n8\n");
    e = assertThrows(IllegalArgumentException.class, () -> Manifest.load(nomatch));
    assertTrue(e.getMessage().contains("neither a 'path' glob nor a 'model'"), e.getMessage());
    Path json = dir.resolve("bad.json");
    Files.writeString(json, "{\"rows\": 1}");
    e = assertThrows(IllegalArgumentException.class, () -> Manifest.load(json));
    assertTrue(e.getMessage().contains("array of objects"), e.getMessage());
  }

  @Test
  void aHundredMegabyteMetadataValueIsTruncatedNotFatal() throws Exception {
    // the safetensors header limit is 100,000,000 bytes; the value nearly fills it
    int n = 99_000_000;
    Path file = dir.resolve("huge/checkpoint-1/model.safetensors");
    Files.createDirectories(file.getParent());
    byte[] tensorJson = "\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]}".getBytes(StandardCharsets.US_ASCII);
    byte[] head = "{\"__metadata__\":{\"blob\":\"".getBytes(StandardCharsets.US_ASCII);
    byte[] tail = "\"},".getBytes(StandardCharsets.US_ASCII);
    long headerLength = head.length + n + tail.length + tensorJson.length + 1;
    try (OutputStream out = Files.newOutputStream(file)) {
      byte[] len = new byte[8];
      for (int i = 0; i < 8; i++) {
        len[i] = (byte) (headerLength >>> (8 * i));
      }
      out.write(len);
      out.write(head);
      byte[] chunk = "x".repeat(1_000_000).getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < n / chunk.length; i++) {
        out.write(chunk);
      }
      out.write(tail);
      out.write(tensorJson);
      out.write('}');
      out.write(new byte[16]);
    }
    CheckpointMetadata md = collect(MetadataCollector.standard(), file, "huge", 1L);
    MetadataEntry blob = md.resolved().get("blob");
    assertTrue(blob.value().length() < MetadataLimits.MAX_VALUE_CHARS + 64, "stored length " + blob.value().length());
    assertTrue(blob.value().endsWith("…[truncated: 99000000 chars]"), blob.value().substring(blob.value().length() - 40));
  }

  @Test
  void deepOrBrokenOrOversizedSidecarsBecomeOneErrorEntryEach() throws Exception {
    Path checkpoint = hfRun("deep");
    Path run = checkpoint.getParent().getParent();
    Files.writeString(run.resolve("config.json"), "[".repeat(100_000) + "]".repeat(100_000));
    Files.writeString(checkpoint.getParent().resolve("trainer_state.json"), "{\"global_step\": 7500, ");
    try (var f = Files.newByteChannel(run.resolve("training_args.json"), java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE)) {
      f.position(MetadataLimits.MAX_FILE_BYTES + 1L);
      f.write(java.nio.ByteBuffer.wrap(new byte[] {'}'}));
    }
    CheckpointMetadata md = collect(MetadataCollector.standard(), checkpoint, "deep", 7500L);
    List<MetadataEntry> errors = md.entries().stream().filter(e -> e.key().equals(MetadataCollector.ERROR_KEY)).toList();
    assertEquals(List.of(MetadataSource.TRAINER_STATE, MetadataSource.TRAINING_ARGS, MetadataSource.MODEL_CONFIG),
        errors.stream().map(MetadataEntry::source).toList());
    assertTrue(errors.get(0).value().contains("trainer_state.json: not valid JSON"), errors.get(0).value());
    assertTrue(errors.get(1).value().contains("more than the 33554432 read"), errors.get(1).value());
    assertTrue(errors.get(2).value().contains("config.json"), errors.get(2).value());
    assertEquals(7500L, md.step(), "the path's step stands when the trainer file is broken");
    assertEquals("pt", md.resolved().get("format").value(), "the other sources are unaffected");
  }

  private Path hfRun(String name) throws Exception {
    Path run = Files.createDirectories(dir.resolve(name));
    Files.copy(BS8.resolve("config.json"), run.resolve("config.json"));
    Files.copy(BS8.resolve("training_args.json"), run.resolve("training_args.json"));
    Path checkpoint = Files.createDirectories(run.resolve("checkpoint-7500"));
    Files.copy(BS8.resolve("checkpoint-7500/trainer_state.json"), checkpoint.resolve("trainer_state.json"));
    return writeSafetensors(checkpoint.resolve("model.safetensors"), Map.of("format", "pt"));
  }

  private static Path writeSafetensors(Path file, Map<String, String> metadata) throws Exception {
    Files.createDirectories(file.getParent());
    SafetensorsWriter w = new SafetensorsWriter();
    metadata.forEach(w::metadata);
    w.add("fc1.weight", DType.F32, List.of(4L, 3L), new double[12]);
    Files.write(file, w.toByteArray());
    return file;
  }

  private static CheckpointMetadata collect(MetadataCollector collector, Path file, String model, Long pathStep) throws Exception {
    LocalInputFiles files = new LocalInputFiles();
    try (CheckpointReader reader = CheckpointFormats.open(file.toString(), files)) {
      return collector.collect(new CheckpointLocation(file.toString(), model, pathStep, reader.metadata()), files);
    }
  }
}
