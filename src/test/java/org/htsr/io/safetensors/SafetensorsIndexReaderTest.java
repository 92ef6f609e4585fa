package org.htsr.io.safetensors;

import org.htsr.io.CheckpointFormat;
import org.htsr.io.CheckpointFormatException;
import org.htsr.io.CheckpointReader;
import org.htsr.io.CheckpointReaderContract;
import org.htsr.io.InMemoryInputFiles;
import org.htsr.io.InputFile;
import org.htsr.io.LocalInputFiles;
import org.htsr.io.SharedFiles;
import org.htsr.io.formats.CheckpointFormats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.htsr.io.CheckpointFormatException.Problem;
import org.htsr.model.DType;
import org.htsr.model.TensorInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsIndexReaderTest extends CheckpointReaderContract {

  private static final String DIR = "ckpt/";
  private static final String INDEX = DIR + "model.safetensors.index.json";
  private static final String SHARD_1 = "model-00001-of-00002.safetensors";
  private static final String SHARD_2 = "model-00002-of-00002.safetensors";

  /** The split: names before "f" in shard 1 (lenet5: the conv layers), the others in shard 2. */
  private static final Predicate<String> IN_SHARD_1 = name -> name.compareTo("f") < 0;

  @TempDir Path tempDir;

  @Override
  protected CheckpointFormat format() {
    return new SafetensorsIndexFormat();
  }

  @Override
  protected List<Fixture> fixtures() throws IOException {
    return List.of(
        new Fixture(INDEX, sharded("lenet5"), "lenet5", Set.of()),
        new Fixture(INDEX, sharded("edge_cases"), "edge_cases", Set.of("half.bf16", "ints.i64")));
  }

  @Override
  protected List<Malformed> malformed() throws IOException {
    List<Malformed> cases = new ArrayList<>();
    cases.add(
        badIndex(
            "shard in the parent directory",
            "{'weight_map':{'conv1.weight':'../" + SHARD_1 + "'}}",
            Problem.BAD_HEADER,
            "conv1.weight"));
    cases.add(
        badIndex(
            "shard by absolute path",
            "{'weight_map':{'conv1.weight':'/tmp/" + SHARD_1 + "'}}",
            Problem.BAD_HEADER,
            "conv1.weight"));
    cases.add(
        badIndex(
            "shard in a subdirectory",
            "{'weight_map':{'conv1.weight':'sub/" + SHARD_1 + "'}}",
            Problem.BAD_HEADER,
            "conv1.weight"));
    cases.add(
        badIndex(
            "shard with a backslash",
            "{'weight_map':{'conv1.weight':'..\\\\" + SHARD_1 + "'}}",
            Problem.BAD_HEADER,
            "conv1.weight"));
    cases.add(
        badIndex(
            "shard by URI",
            "{'weight_map':{'conv1.weight':'file:" + SHARD_1 + "'}}",
            Problem.BAD_HEADER,
            "conv1.weight"));
    cases.add(
        badIndex(
            "shard named ..",
            "{'weight_map':{'conv1.weight':'..'}}",
            Problem.BAD_HEADER,
            "conv1.weight"));
    cases.add(
        badIndex(
            "shard name not a string",
            "{'weight_map':{'conv1.weight':1}}",
            Problem.BAD_HEADER,
            "conv1.weight"));
    cases.add(
        badIndex(
            "shard not safetensors",
            "{'weight_map':{'conv1.weight':'pytorch_model.bin'}}",
            Problem.UNSUPPORTED,
            "conv1.weight"));
    cases.add(badIndex("no weight_map", "{'metadata':{}}", Problem.BAD_HEADER, null));
    cases.add(
        badIndex(
            "weight_map not an object",
            "{'weight_map':['" + SHARD_1 + "']}",
            Problem.BAD_HEADER,
            null));
    cases.add(
        badIndex(
            "metadata not an object", "{'metadata':1,'weight_map':{}}", Problem.BAD_HEADER, null));
    cases.add(badIndex("not JSON", "{'weight_map':", Problem.BAD_HEADER, null));
    cases.add(badIndex("empty file", "", Problem.BAD_HEADER, null));
    cases.add(badIndex("a JSON array", "['" + SHARD_1 + "']", Problem.BAD_HEADER, null));
    cases.add(
        badIndex(
            "duplicate tensor",
            "{'weight_map':{'conv1.weight':'" + SHARD_1 + "','conv1.weight':'" + SHARD_2 + "'}}",
            Problem.BAD_HEADER,
            null));
    cases.add(
        badIndex("content after the object", "{'weight_map':{}} {}", Problem.BAD_HEADER, null));
    cases.add(
        badIndex(
            "nesting 100,000 deep",
            "{'metadata':" + "[".repeat(100_000) + "]".repeat(100_000) + ",'weight_map':{}}",
            Problem.BAD_HEADER,
            null));
    cases.add(
        badIndex(
            "tensor not in its shard",
            "{'weight_map':{'fc1.weight':'" + SHARD_1 + "'}}",
            Problem.BAD_HEADER,
            "fc1.weight"));

    InMemoryInputFiles missing = sharded("lenet5");
    missing.remove(DIR + SHARD_2);
    cases.add(new Malformed("missing shard", missing, INDEX, Problem.IO, DIR + SHARD_2, null));
    InMemoryInputFiles truncated = sharded("lenet5");
    byte[] shard2 = Files.readAllBytes(SharedFiles.path("fixtures/mlp2.safetensors"));
    truncated.put(DIR + SHARD_2, Arrays.copyOf(shard2, 20));
    cases.add(
        new Malformed("truncated shard", truncated, INDEX, Problem.TRUNCATED, DIR + SHARD_2, null));
    return cases;
  }

  @Test
  void aShardedCheckpointOnDiskReadsLikeTheSingleFile() throws Exception {
    Path single = SharedFiles.path("fixtures/lenet5.safetensors");
    InMemoryInputFiles files = sharded("lenet5");
    for (String name : List.of("model.safetensors.index.json", SHARD_1, SHARD_2)) {
      try (InputFile file = files.open(DIR + name)) {
        byte[] bytes = new byte[(int) file.length()];
        file.readFully(0, bytes, 0, bytes.length);
        Files.write(tempDir.resolve(name), bytes);
      }
    }
    String index = tempDir.resolve("model.safetensors.index.json").toString();
    try (CheckpointReader sharded = CheckpointFormats.open(index, new LocalInputFiles());
        CheckpointReader whole = CheckpointFormats.open(single.toString(), new LocalInputFiles())) {
      assertInstanceOf(SafetensorsIndexReader.class, sharded);
      assertEquals(Map.of("total_size", "247656", "format", "pt"), sharded.metadata());
      // shard 2 comes first in the weight_map, so its tensors are listed first
      List<String> expectedOrder = new ArrayList<>();
      whole.tensors().stream()
          .map(TensorInfo::name)
          .filter(IN_SHARD_1.negate())
          .forEach(expectedOrder::add);
      whole.tensors().stream().map(TensorInfo::name).filter(IN_SHARD_1).forEach(expectedOrder::add);
      assertEquals(expectedOrder, sharded.tensors().stream().map(TensorInfo::name).toList());
      Map<String, TensorInfo> wholeByName = new LinkedHashMap<>();
      whole.tensors().forEach(t -> wholeByName.put(t.name(), t));
      for (TensorInfo info : sharded.tensors()) {
        TensorInfo original = wholeByName.get(info.name());
        assertEquals(original.dtype(), info.dtype());
        assertEquals(original.shape(), info.shape());
        String shard = IN_SHARD_1.test(info.name()) ? SHARD_1 : SHARD_2;
        assertEquals(tempDir.resolve(shard).toString(), info.location());
        assertArrayEquals(whole.load(original).values(), sharded.load(info).values(), info.name());
      }
    }
  }

  @Test
  void everyTensorIsListedOnceFromTheShardTheIndexNames() throws Exception {
    InMemoryInputFiles files = sharded("lenet5");
    // shard 1 also holds a copy of fc3.bias, which the index maps to shard 2, and an unmapped extra
    byte[] extra =
        new SafetensorsWriter()
            .add("conv1.bias", DType.F32, List.of(2L), new double[] {1, 2})
            .add("fc3.bias", DType.F32, List.of(1L), new double[] {3})
            .add("extra", DType.F32, List.of(1L), new double[] {4})
            .toByteArray();
    files.put(DIR + SHARD_1, extra);
    files.put(
        INDEX,
        json("{'weight_map':{'conv1.bias':'" + SHARD_1 + "','fc3.bias':'" + SHARD_2 + "'}}"));
    try (CheckpointReader reader = new SafetensorsIndexFormat().open(INDEX, files)) {
      assertEquals(
          List.of(
              "conv1.bias",
              "extra",
              "fc1.weight",
              "fc1.bias",
              "fc2.weight",
              "fc2.bias",
              "fc3.weight",
              "fc3.bias"),
          reader.tensors().stream().map(TensorInfo::name).toList());
      TensorInfo fc3Bias = reader.tensors().get(7);
      assertEquals(DIR + SHARD_2, fc3Bias.location());
      assertEquals(10, reader.load(fc3Bias).values().length);
      assertArrayEquals(new double[] {1, 2}, reader.load(reader.tensors().get(0)).values());
    }
    assertEquals(0, files.openCount());
  }

  /**
   * {@code model}'s fixture split over two shards next to an index whose weight_map names shard 2
   * first.
   */
  private static InMemoryInputFiles sharded(String model) throws IOException {
    String single = SharedFiles.path("fixtures/" + model + ".safetensors").toString();
    SafetensorsWriter first = new SafetensorsWriter().metadata("format", "pt");
    SafetensorsWriter second = new SafetensorsWriter().metadata("format", "pt");
    List<String> firstEntries = new ArrayList<>();
    List<String> secondEntries = new ArrayList<>();
    try (CheckpointReader reader = new SafetensorsFormat().open(single, new LocalInputFiles())) {
      for (TensorInfo info : reader.tensors()) {
        if (!info.dtype().isAnalysable()) {
          continue; // the writer writes floats only
        }
        double[] values = reader.read(info, 0, (int) info.elementCount());
        if (IN_SHARD_1.test(info.name())) {
          first.add(info.name(), info.dtype(), info.shape(), values);
          firstEntries.add("'" + info.name() + "':'" + SHARD_1 + "'");
        } else {
          second.add(info.name(), info.dtype(), info.shape(), values);
          secondEntries.add("'" + info.name() + "':'" + SHARD_2 + "'");
        }
      }
    } catch (CheckpointFormatException e) {
      throw new IOException(e);
    }
    secondEntries.addAll(firstEntries);
    String weightMap = String.join(",", secondEntries);
    long size = Files.size(Path.of(single));
    return new InMemoryInputFiles()
        .put(
            INDEX,
            json(
                "{'metadata':{'total_size':"
                    + size
                    + ",'format':'pt'},'weight_map':{"
                    + weightMap
                    + "}}"))
        .put(DIR + SHARD_1, first.toByteArray())
        .put(DIR + SHARD_2, second.toByteArray());
  }

  private static Malformed badIndex(
      String description, String index, Problem problem, String tensor) throws IOException {
    InMemoryInputFiles files = sharded("lenet5").put(INDEX, json(index));
    return new Malformed(description, files, INDEX, problem, INDEX, tensor);
  }

  private static byte[] json(String singleQuoted) {
    return singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
  }
}
