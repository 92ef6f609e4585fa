package org.htsr.io.torch;

import org.htsr.io.CheckpointFormat;
import org.htsr.io.CheckpointFormatException;
import org.htsr.io.CheckpointReaderContract;
import org.htsr.io.InMemoryInputFiles;
import org.htsr.io.InputFile;
import org.htsr.io.SharedFiles;
import org.htsr.io.ZipBytes;
import org.htsr.io.formats.CheckpointFormats;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.htsr.io.CheckpointFormatException.Problem;
import org.junit.jupiter.api.Test;

/** Hugging Face's pytorch_model.bin.index.json over torch.save shards (zip and legacy). */
class TorchIndexReaderTest extends CheckpointReaderContract {

  private static final String DIR = "hf/";
  private static final String INDEX = DIR + "pytorch_model.bin.index.json";
  private static final String SHARD_1 = "pytorch_model-00001-of-00002.bin";
  private static final String SHARD_2 = "pytorch_model-00002-of-00002.bin";

  @Override
  protected CheckpointFormat format() {
    return new TorchIndexFormat();
  }

  @Override
  protected List<Fixture> fixtures() throws IOException {
    return List.of(new Fixture(INDEX, sharded(), "mlp2", Set.of()));
  }

  /** fc1.* from the zip fixture, fc2.* from the legacy one (each shard holds all four). */
  private static InMemoryInputFiles sharded() throws IOException {
    String index = """
        {"metadata": {"total_size": 14440},
         "weight_map": {"fc1.weight": "%1$s", "fc1.bias": "%1$s",
                        "fc2.weight": "%2$s", "fc2.bias": "%2$s"}}"""
        .formatted(SHARD_1, SHARD_2);
    return new InMemoryInputFiles()
        .put(INDEX, index.getBytes(StandardCharsets.UTF_8))
        .put(DIR + SHARD_1, Files.readAllBytes(SharedFiles.path("fixtures/mlp2_zip.pt")))
        .put(DIR + SHARD_2, Files.readAllBytes(SharedFiles.path("fixtures/mlp2_legacy.pt")));
  }

  @Override
  protected List<Malformed> malformed() throws IOException {
    List<Malformed> cases = new ArrayList<>();
    cases.add(badIndex("shard in the parent directory",
        "{'weight_map':{'fc1.weight':'../" + SHARD_1 + "'}}", Problem.BAD_HEADER, "fc1.weight"));
    cases.add(badIndex("shard not a torch file",
        "{'weight_map':{'fc1.weight':'model.safetensors'}}", Problem.UNSUPPORTED, "fc1.weight"));
    cases.add(badIndex("tensor not in its shard",
        "{'weight_map':{'conv9.weight':'" + SHARD_1 + "'}}", Problem.BAD_HEADER, "conv9.weight"));
    InMemoryInputFiles missing = sharded().remove(DIR + SHARD_2);
    cases.add(new Malformed("missing shard", missing, INDEX, Problem.IO, DIR + SHARD_2, null));
    InMemoryInputFiles hostile = sharded().put(DIR + SHARD_2,
        ZipBytes.torch(TorchZipReaderTest.hostilePickles("/tmp/htsr-pwned").get(0), new byte[0]));
    cases.add(new Malformed("hostile shard", hostile, INDEX, Problem.FORBIDDEN_GLOBAL,
        DIR + SHARD_2, null));
    return cases;
  }

  @Test
  void aPytorchIndexIsToldFromASafetensorsIndexByItsName() throws Exception {
    InMemoryInputFiles files = sharded()
        .put(DIR + "model.safetensors.index.json", "{\"weight_map\": {}}".getBytes());
    try (InputFile torch = files.open(INDEX);
        InputFile safetensors = files.open(DIR + "model.safetensors.index.json")) {
      assertEquals("pytorch-index", CheckpointFormats.detect(torch).orElseThrow().name());
      assertEquals("safetensors-index", CheckpointFormats.detect(safetensors).orElseThrow().name());
    }
  }

  private Malformed badIndex(String description, String json, Problem problem, String tensor)
      throws IOException {
    InMemoryInputFiles files =
        sharded().put(INDEX, json.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
    return new Malformed(description, files, INDEX, problem, INDEX, tensor);
  }
}
