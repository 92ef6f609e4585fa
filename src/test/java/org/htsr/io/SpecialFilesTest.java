package org.htsr.io;

import org.htsr.io.formats.CheckpointFormats;
import org.htsr.io.onnx.OnnxReaderTest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.htsr.io.CheckpointFormatException.Problem;
import org.htsr.io.onnx.Onnx.GraphProto;
import org.htsr.io.onnx.Onnx.StringStringEntryProto;
import org.htsr.io.onnx.Onnx.TensorProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real files on the local file system: a FIFO is refused without being opened (opening one
 * blocks until a writer comes), and ONNX external data reached through symbolic links must stay
 * inside the model's directory once the links are resolved.
 */
class SpecialFilesTest {

  @TempDir Path dir;

  @Test
  void aFifoIsRefusedWithoutBlocking() throws Exception {
    Path fifo = dir.resolve("model.safetensors");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertEquals(0, mkfifo.waitFor());
    CheckpointFormatException error = assertTimeoutPreemptively(Duration.ofSeconds(20),
        () -> assertThrows(CheckpointFormatException.class,
            () -> CheckpointFormats.open(fifo.toString(), new LocalInputFiles())));
    assertEquals(Problem.IO, error.problem(), error.getMessage());
    assertTrue(error.getMessage().contains("not a regular file"), error.getMessage());
  }

  @Test
  void externalDataLinksMustStayInsideTheModelDirectory() throws Exception {
    Path model = Files.createDirectories(dir.resolve("model"));
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.write(outside.resolve("secret.bin"), new byte[24]);
    Files.write(model.resolve("real.bin"), new byte[24]);
    Files.createSymbolicLink(model.resolve("weights.bin"), Path.of("../outside/secret.bin"));
    Files.createSymbolicLink(model.resolve("passwd.bin"), Path.of("/etc/passwd"));
    Files.createSymbolicLink(model.resolve("sub"), Path.of("../outside"));
    Files.createSymbolicLink(model.resolve("inside.bin"), Path.of("real.bin"));
    Files.createSymbolicLink(model.resolve("dangling.bin"), Path.of("nowhere.bin"));

    for (String location : List.of("weights.bin", "passwd.bin", "sub/secret.bin", "dangling.bin")) {
      Path onnx = Files.write(model.resolve("m.onnx"), modelWith(location));
      CheckpointFormatException error = assertThrows(CheckpointFormatException.class,
          () -> CheckpointFormats.open(onnx.toString(), new LocalInputFiles()), location);
      assertEquals(Problem.OUT_OF_RANGE, error.problem(), error.getMessage());
      assertTrue(error.getMessage().contains("m.onnx") && error.getMessage().contains(location), error.getMessage());
    }
    Path onnx = Files.write(model.resolve("m.onnx"), modelWith("inside.bin"));
    try (CheckpointReader reader = CheckpointFormats.open(onnx.toString(), new LocalInputFiles())) {
      assertEquals(6, reader.load(reader.tensors().get(0)).values().length, "a link inside the folder is read");
    }
  }

  private static byte[] modelWith(String location) {
    TensorProto w = TensorProto.newBuilder().setName("w").setDataType(1).addDims(2).addDims(3)
        .setDataLocation(TensorProto.DataLocation.EXTERNAL)
        .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue(location))
        .addExternalData(StringStringEntryProto.newBuilder().setKey("length").setValue("24"))
        .build();
    return OnnxReaderTest.model(GraphProto.newBuilder().addInitializer(w).build()).toByteArray();
  }
}
