package org.htsr.io.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.htsr.io.LocalInputFiles;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@link MetadataReader} contract, for every reader: on an ordinary checkpoint it gives entries
 * of its own source with unique, bounded keys and values; on a folder without its files it gives
 * nothing (no error); on hostile files (5,000 keys, 1 MB values, control characters, deep nesting)
 * it stays bounded or throws a checked IOException, never anything else.
 */
class MetadataReaderContractTest {

  @TempDir
  Path dir;

  static Stream<MetadataReader> readers() {
    return Stream.of(new TrainerStateReader(), new TrainingArgsReader(), new ModelConfigReader(), new FileMetadataReader(),
        new PathMetadataReader(), new ExperimentOptionReader("lr-sweep"), manifest());
  }

  private static Manifest manifest() {
    return new Manifest("(test)", List.of(new Manifest.Row("**/checkpoint-*/model.safetensors", null, hostileMap())));
  }

  @ParameterizedTest
  @MethodSource("readers")
  void ordinaryCheckpointGivesItsOwnBoundedUniqueEntries(MetadataReader reader) throws IOException {
    CheckpointLocation checkpoint = layout(ordinaryFiles());
    List<MetadataEntry> entries = reader.read(checkpoint, new LocalInputFiles());
    assertFalse(entries.isEmpty(), reader.source() + " gives entries on an ordinary checkpoint");
    assertBounded(reader, entries);
  }

  @ParameterizedTest
  @MethodSource("readers")
  void absentFilesAreNoEntriesNotErrors(MetadataReader reader) throws IOException {
    Path empty = Files.createDirectories(dir.resolve("bare/checkpoint-5"));
    CheckpointLocation checkpoint = new CheckpointLocation(empty.resolve("model.safetensors").toString(), null, null, Map.of());
    List<MetadataEntry> entries = reader.read(checkpoint, new LocalInputFiles());
    assertBounded(reader, entries);
    assertTrue(entries.stream().noneMatch(e -> e.key().equals(MetadataCollector.ERROR_KEY)));
  }

  @ParameterizedTest
  @MethodSource("readers")
  void hostileFilesStayBoundedOrAreACheckedError(MetadataReader reader) throws IOException {
    Map<String, String> files = new LinkedHashMap<>();
    StringBuilder json = new StringBuilder("{\"global_step\": 9, ");
    hostileMap().forEach((k, v) -> json.append('"').append(k.replace("\u0000", "\\u0000")).append("\": \"")
        .append(v.replace("\u0000", "\\u0000").replace("\u0007", "\\u0007")).append("\", "));
    json.append("\"deep\": ").append("{\"a\": ".repeat(40)).append("1").append("}".repeat(40)).append("}");
    files.put("run/config.json", json.toString());
    files.put("run/training_args.json", json.toString());
    files.put("run/checkpoint-9/trainer_state.json", json.toString().replace("{\"global_step\": 9, ",
        "{\"global_step\": 9, \"log_history\": [" + "{\"step\": 9, \"loss\": 1.5},".repeat(3000) + "{\"step\": 9}], "));
    CheckpointLocation checkpoint = new CheckpointLocation(layout(files).uri(), "run", 9L, hostileMap());
    try {
      assertBounded(reader, reader.read(checkpoint, new LocalInputFiles()));
    } catch (IOException acceptable) {
      // a checked, described failure: the collector records it as htsr.metadata_error
    }
  }

  /** 5,000 keys, a 1 MB value, NUL and BEL characters, a 1,000-character key. */
  static Map<String, String> hostileMap() {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < 5000; i++) {
      m.put("k" + i, Integer.toString(i));
    }
    m.put("huge", "x".repeat(1 << 20));
    m.put("binary", "a\u0000b\u0007c");
    m.put("K".repeat(1000), "long key");
    return m;
  }

  private static Map<String, String> ordinaryFiles() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("run/config.json", "{\"model_type\": \"mlp\", \"hidden_sizes\": [64, 32]}");
    files.put("run/training_args.json", "{\"per_device_train_batch_size\": 16, \"learning_rate\": 0.01}");
    files.put("run/checkpoint-9/trainer_state.json", "{\"global_step\": 9, \"epoch\": 1.0, \"log_history\": [{\"step\": 9, \"eval_accuracy\": 0.5}]}");
    return files;
  }

  private CheckpointLocation layout(Map<String, String> files) throws IOException {
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path p = dir.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
    }
    Path model = dir.resolve("run/checkpoint-9/model.safetensors");
    Files.createDirectories(model.getParent());
    return new CheckpointLocation(model.toString(), "run", 9L, Map.of("format", "pt", "global_step", "9"));
  }

  private static void assertBounded(MetadataReader reader, List<MetadataEntry> entries) {
    Set<String> keys = new HashSet<>();
    for (MetadataEntry e : entries) {
      assertEquals(reader.source(), e.source(), e.key());
      assertTrue(keys.add(e.key()), "key " + e.key() + " appears once");
      assertTrue(e.key().length() <= MetadataLimits.MAX_KEY_CHARS, "key length " + e.key().length());
      assertTrue(e.value().length() <= MetadataLimits.MAX_VALUE_CHARS + 64, "value length " + e.value().length());
      assertTrue(e.value().chars().noneMatch(c -> c == 0 || c == 7), "control characters escaped in " + e.key());
    }
    assertTrue(entries.size() <= MetadataLimits.MAX_ENTRIES_PER_SOURCE + 1, entries.size() + " entries");
  }
}
