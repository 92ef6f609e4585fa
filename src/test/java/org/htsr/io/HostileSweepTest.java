package org.htsr.io;

import org.htsr.io.formats.CheckpointFormats;
import org.htsr.io.keras.KerasH5ReaderTest;
import org.htsr.io.numpy.NpyReaderTest;
import org.htsr.io.numpy.NpzReaderTest;
import org.htsr.io.onnx.OnnxReaderTest;
import org.htsr.io.safetensors.SafetensorsReaderTest;
import org.htsr.io.torch.TorchLegacyReaderTest;
import org.htsr.io.torch.TorchZipReaderTest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.htsr.io.CheckpointFormatException.Problem;
import org.htsr.model.TensorInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep over a directory where valid checkpoints lie among every hostile file of the reader
 * tests (code-running pickles, zip bombs, escaping entry names, 10^12-element shapes, truncated
 * files, wrong magic): each hostile file is one typed error, opened by detection like any other,
 * and the sweep goes on to decode every valid checkpoint.
 */
class HostileSweepTest {

  @TempDir Path dir;

  @Test
  void aSweepMeetsEveryHostileFileAndGoesOn() throws Exception {
    Path marker = dir.resolve("pwned");
    List<Path> valid = new ArrayList<>();
    for (String ext : List.of(".pt", ".npz", ".onnx", ".h5", ".bin", ".safetensors")) {
      for (Path fixture : SharedFiles.list("fixtures", ext)) {
        valid.add(Files.copy(fixture, dir.resolve(fixture.getFileName())));
      }
    }
    List<Path> hostile = new ArrayList<>();
    int n = 0;
    for (byte[] pickle : TorchZipReaderTest.hostilePickles(marker.toString())) {
      hostile.add(Files.write(dir.resolve("pickle-" + n++ + ".pt"),
          ZipBytes.torch(pickle, new byte[24])));
    }
    for (CheckpointReaderContract test : List.of(new TorchZipReaderTest(),
        new TorchLegacyReaderTest(), new NpyReaderTest(), new NpzReaderTest(),
        new OnnxReaderTest(), new KerasH5ReaderTest(), new SafetensorsReaderTest())) {
      for (CheckpointReaderContract.Malformed m : test.malformed()) {
        if (m.files().totalBytes() > 0 && m.location().equals(m.file())) {
          byte[] bytes = readAll(m.files(), m.location());
          String name = m.location().replaceAll("[^A-Za-z0-9.]+", "-");
          hostile.add(Files.write(dir.resolve("hostile-" + n++ + "-" + name), bytes));
        }
      }
    }
    for (String ext : List.of(".pt", ".onnx", ".h5", ".npz", ".npy", ".safetensors")) {
      hostile.add(Files.writeString(dir.resolve("wrong-magic" + ext),
          "hello, this is not a checkpoint at all", StandardCharsets.US_ASCII));
    }
    assertTrue(hostile.size() > 100, "hostile files: " + hostile.size());

    List<Path> all = new ArrayList<>(hostile);
    all.addAll(valid);
    java.util.Collections.shuffle(all, new java.util.Random(7));
    Map<Path, Problem> failures = new TreeMap<>();
    List<Path> decoded = new ArrayList<>();
    for (Path file : all) {
      try (CheckpointReader reader =
          CheckpointFormats.open(file.toString(), new LocalInputFiles())) {
        for (TensorInfo info : reader.tensors()) {
          if (info.dtype().isAnalysable()) {
            reader.load(info);
          }
        }
        decoded.add(file);
      } catch (CheckpointFormatException typed) {
        assertTrue(typed.file().startsWith(dir.toString()), typed.getMessage());
        failures.put(file, typed.problem());
      } catch (Throwable other) { // the bug this test looks for: anything untyped stops a sweep
        fail(file + ": " + other, other);
      }
    }
    assertTrue(decoded.containsAll(valid), "valid checkpoints that failed: " + failures);
    assertEquals(hostile.size(), failures.size(),
        "hostile files that decoded: " + hostile.stream().filter(decoded::contains).toList());
    for (String ext : List.of(".pt", ".onnx", ".h5", ".npz", ".npy", ".safetensors")) {
      assertEquals(Problem.UNKNOWN_FORMAT, failures.get(dir.resolve("wrong-magic" + ext)), ext);
    }
    assertFalse(Files.exists(marker), "a hostile pickle ran code");
  }

  private static byte[] readAll(InMemoryInputFiles files, String location) throws Exception {
    try (InputFile file = files.open(location)) {
      byte[] bytes = new byte[(int) file.length()];
      file.readFully(0, bytes, 0, bytes.length);
      return bytes;
    }
  }
}
