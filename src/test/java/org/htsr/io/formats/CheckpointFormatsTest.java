package org.htsr.io.formats;

import org.htsr.io.CheckpointFormat;
import org.htsr.io.CheckpointFormatException;
import org.htsr.io.CheckpointReader;
import org.htsr.io.InputFile;
import org.htsr.io.LocalInputFiles;
import org.htsr.io.SharedFiles;
import org.htsr.io.ZipBytes;
import org.htsr.io.safetensors.SafetensorsBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.htsr.io.CheckpointFormatException.Problem;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class CheckpointFormatsTest {

  @TempDir Path dir;

  @TestFactory
  Stream<DynamicTest> everySharedSafetensorsFileIsDetected() {
    List<Path> files = new ArrayList<>(SharedFiles.list("fixtures", ".safetensors"));
    files.addAll(SharedFiles.list("models", ".safetensors"));
    files.addAll(SharedFiles.list("synthetic", ".safetensors"));
    return files.stream()
        .map(
            path ->
                DynamicTest.dynamicTest(
                    path.getFileName().toString(),
                    () -> assertEquals(Optional.of("safetensors"), detect(path))));
  }

  /** Every fixture (but the TF.js folders) is detected as its format, by its bytes. */
  @TestFactory
  Stream<DynamicTest> everyFixtureIsDetectedAsItsFormat() {
    Map<String, String> formats = new LinkedHashMap<>();
    for (String model : List.of("lenet5", "mlp2", "edge_cases")) {
      formats.put(model + "_zip.pt", "pytorch-zip");
      formats.put(model + "_legacy.pt", "pytorch-legacy");
    }
    formats.put("mlp2_pytorch_model.bin", "pytorch-zip");
    for (String model : List.of("lenet5", "mlp2")) {
      formats.put(model + ".npz", "npz");
      formats.put(model + "_compressed.npz", "npz");
      formats.put(model + ".onnx", "onnx");
      formats.put(model + "_keras.h5", "keras-h5");
    }
    formats.put("lenet5_keras_weights.h5", "keras-h5");
    List<Path> files = new ArrayList<>();
    for (String ext : List.of(".pt", ".npz", ".onnx", ".h5", ".bin")) {
      files.addAll(SharedFiles.list("fixtures", ext));
    }
    assertEquals(formats.keySet(), files.stream().map(p -> p.getFileName().toString())
        .collect(Collectors.toSet()));
    return files.stream()
        .map(
            path ->
                DynamicTest.dynamicTest(
                    path.getFileName().toString(),
                    () -> {
                      String name = path.getFileName().toString();
                      assertEquals(Optional.of(formats.get(name)), detect(path));
                      // the extension is only a hint: the same bytes under another name
                      Path renamed = Files.copy(path, dir.resolve("renamed-" + name + ".dat"));
                      assertEquals(Optional.of(formats.get(name)), detect(renamed));
                    }));
  }

  @Test
  void anIndexIsDetectedByItsWeightMapOrByItsName() throws Exception {
    Path early = write("checkpoint.json", "{\"weight_map\": {}, \"metadata\": {}}");
    Path late =
        write(
            "model.safetensors.index.json",
            "{\"metadata\": {\"total_size\": 1, \"note\": \""
                + "x".repeat(80)
                + "\"}, \"weight_map\": {}}");
    Path neither =
        write(
            "config.json",
            "{\"metadata\": {\"total_size\": 1, \"note\": \""
                + "x".repeat(80)
                + "\"}, \"weight_map\": {}}");
    assertEquals(Optional.of("safetensors-index"), detect(early));
    assertEquals(Optional.of("safetensors-index"), detect(late));
    assertEquals(Optional.empty(), detect(neither));
  }

  @Test
  void emptyAndRandomFilesAreUnknown() throws Exception {
    byte[] random = new byte[1000];
    new Random(1).nextBytes(random);
    for (Path file :
        List.of(
            Files.write(dir.resolve("empty.safetensors"), new byte[0]),
            Files.write(dir.resolve("random.safetensors"), random),
            write("text.safetensors", "hello, world"))) {
      CheckpointFormatException error =
          assertThrows(
              CheckpointFormatException.class,
              () -> CheckpointFormats.open(file.toString(), new LocalInputFiles()));
      assertEquals(Problem.UNKNOWN_FORMAT, error.problem(), error.getMessage());
      assertTrue(error.getMessage().contains(file.toString()), error.getMessage());
    }
  }

  /** Formats htsr does not read are named, not left for the user to guess from the known list. */
  @Test
  void aGgufFileIsUnknownByName() throws Exception {
    byte[] gguf = new byte[64];
    System.arraycopy("GGUF".getBytes(StandardCharsets.US_ASCII), 0, gguf, 0, 4);
    gguf[4] = 3;
    Path file = Files.write(dir.resolve("llama.gguf"), gguf);
    CheckpointFormatException error = assertThrows(CheckpointFormatException.class,
        () -> CheckpointFormats.open(file.toString(), new LocalInputFiles()));
    assertEquals(Problem.UNKNOWN_FORMAT, error.problem(), error.getMessage());
    assertTrue(error.getMessage().contains("GGUF (llama.cpp) files are not read"), error.getMessage());
  }

  /** A named .npz whose first entry escapes the archive is a zip-slip error, not "unknown format". */
  @Test
  void anNpzWithAnEscapingFirstEntryIsNamedForIt() throws Exception {
    Path file = Files.write(dir.resolve("slip.npz"), new ZipBytes().stored("../../evil.txt", new byte[8]).bytes());
    CheckpointFormatException error = assertThrows(CheckpointFormatException.class,
        () -> CheckpointFormats.open(file.toString(), new LocalInputFiles()));
    assertEquals(Problem.BAD_HEADER, error.problem(), error.getMessage());
    assertTrue(error.getMessage().contains("../../evil.txt"), error.getMessage());
  }

  @Test
  void aHugeHeaderLengthCountsAsSafetensorsOnlyByItsExtension() throws Exception {
    byte[] bytes =
        SafetensorsBytes.withLength(
            1L << 40, "{\"a\":{}}".getBytes(StandardCharsets.UTF_8), new byte[0]);
    Path named = Files.write(dir.resolve("huge.safetensors"), bytes);
    Path unnamed = Files.write(dir.resolve("huge.bin"), bytes);
    CheckpointFormatException error =
        assertThrows(
            CheckpointFormatException.class,
            () -> CheckpointFormats.open(named.toString(), new LocalInputFiles()));
    assertEquals(Problem.HEADER_TOO_LARGE, error.problem());
    assertEquals(Optional.empty(), detect(unnamed));
  }

  @Test
  void aMissingFileIsAnIoProblem() {
    String location = dir.resolve("absent.safetensors").toString();
    CheckpointFormatException error =
        assertThrows(
            CheckpointFormatException.class,
            () -> CheckpointFormats.open(location, new LocalInputFiles()));
    assertEquals(Problem.IO, error.problem());
    assertEquals(location, error.file());
  }

  @Test
  void opensByFileUri() throws Exception {
    String uri = SharedFiles.path("fixtures/mlp2.safetensors").toAbsolutePath().toUri().toString();
    try (CheckpointReader reader = CheckpointFormats.open(uri, new LocalInputFiles())) {
      assertEquals(4, reader.tensors().size());
      assertEquals(uri, reader.tensors().get(0).location());
    }
  }

  @Test
  void formatsAreFoundByTheirUniqueNames() {
    Set<String> names =
        CheckpointFormats.all().stream().map(CheckpointFormat::name).collect(Collectors.toSet());
    assertEquals(CheckpointFormats.all().size(), names.size());
    for (CheckpointFormat format : CheckpointFormats.all()) {
      assertEquals(Optional.of(format), CheckpointFormats.byName(format.name()));
    }
    assertEquals(Optional.empty(), CheckpointFormats.byName("no such format"));
  }

  private Path write(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }

  private static Optional<String> detect(Path path) throws Exception {
    try (InputFile file = new LocalInputFiles().open(path.toString())) {
      return CheckpointFormats.detect(file).map(CheckpointFormat::name);
    }
  }
}
