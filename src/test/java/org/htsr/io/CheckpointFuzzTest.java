package org.htsr.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import org.htsr.model.TensorInfo;

/**
 * One Jazzer fuzz test per reader, seeded from the fixtures (src/test/resources/org/htsr/io/
 * CheckpointFuzzTestInputs/&lt;test&gt;/). Any input may be rejected, but only with a {@link
 * CheckpointFormatException}: every other throwable — an unchecked exception, a stack overflow,
 * running out of memory, a hang — is a finding. Without {@code JAZZER_FUZZ} these run the seeds
 * (and every finding kept next to them) as regression tests; docs/fuzzing.md has the fuzzing runs.
 */
class CheckpointFuzzTest {

  /** Larger tensors are listed, not loaded, so that each execution stays fast. */
  private static final long MAX_LOADED = 1 << 20;

  @FuzzTest(maxDuration = "30s")
  void pytorchZip(byte[] data) {
    openAndLoad(new TorchZipFormat(), "fuzz.pt", data);
  }

  @FuzzTest(maxDuration = "30s")
  void pytorchLegacy(byte[] data) {
    openAndLoad(new TorchLegacyFormat(), "fuzz.pt", data);
  }

  @FuzzTest(maxDuration = "30s")
  void npy(byte[] data) {
    openAndLoad(new NpyFormat(), "fuzz.npy", data);
  }

  @FuzzTest(maxDuration = "30s")
  void npz(byte[] data) {
    openAndLoad(new NpzFormat(), "fuzz.npz", data);
  }

  @FuzzTest(maxDuration = "30s")
  void onnx(byte[] data) {
    openAndLoad(new OnnxFormat(), "fuzz.onnx", data);
  }

  @FuzzTest(maxDuration = "30s")
  void kerasH5(byte[] data) {
    openAndLoad(new KerasH5Format(), "fuzz.h5", data);
  }

  @FuzzTest(maxDuration = "30s")
  void safetensors(byte[] data) {
    openAndLoad(new SafetensorsFormat(), "fuzz.safetensors", data);
  }

  /** Detection must never throw, whatever the bytes, and opening by detection must be typed. */
  @FuzzTest(maxDuration = "30s")
  void detection(byte[] data) {
    InMemoryInputFiles files = new InMemoryInputFiles().put("fuzz.bin", data);
    try (CheckpointReader reader = CheckpointFormats.open("fuzz.bin", files)) {
      loadAll(reader);
    } catch (CheckpointFormatException | IOException expected) {
      // a typed rejection (or closing) is a pass
    }
  }

  private static void openAndLoad(CheckpointFormat format, String location, byte[] data) {
    InMemoryInputFiles files = new InMemoryInputFiles().put(location, data);
    try (CheckpointReader reader = format.open(location, files)) {
      loadAll(reader);
    } catch (CheckpointFormatException | IOException expected) {
      // a typed rejection (or closing) is a pass
    }
    if (files.openCount() != 0) {
      throw new IllegalStateException(format.name() + " left a file open");
    }
  }

  private static void loadAll(CheckpointReader reader) throws CheckpointFormatException {
    for (TensorInfo info : reader.tensors()) {
      if (info.dtype().isAnalysable() && info.elementCount() <= MAX_LOADED) {
        try {
          reader.load(info);
        } catch (CheckpointFormatException typed) {
          // NON_FINITE and friends: the next tensor is still read
        }
        long n = info.elementCount();
        reader.read(info, n / 2, (int) (n - n / 2));
      }
    }
  }
}
