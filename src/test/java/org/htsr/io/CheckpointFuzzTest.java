package org.htsr.io;

import org.htsr.io.formats.CheckpointFormats;
import org.htsr.io.keras.KerasH5Format;
import org.htsr.io.numpy.NpyBytes;
import org.htsr.io.numpy.NpyFormat;
import org.htsr.io.numpy.NpzFormat;
import org.htsr.io.onnx.OnnxFormat;
import org.htsr.io.safetensors.SafetensorsFormat;
import org.htsr.io.torch.TorchLegacyFormat;
import org.htsr.io.torch.TorchZipFormat;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
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

  /**
   * Pickle opcodes (memo writes and reads, stack pushes) in a stored torch zip, under a 1 MB
   * budget: whatever the memo and stack grow to, the reader stops with a typed error (TOO_LARGE
   * at the budget) instead of running out of heap.
   */
  @FuzzTest(maxDuration = "30s")
  void pickleMemo(byte[] data) {
    byte[] pickle = new byte[data.length + 3];
    pickle[0] = (byte) 0x80;
    pickle[1] = 2;
    System.arraycopy(data, 0, pickle, 2, data.length);
    pickle[pickle.length - 1] = '.';
    try (MemoryBudget.Scope scope = MemoryBudget.limitTo(new MemoryBudget(1 << 20))) {
      openAndLoad(new TorchZipFormat(), "fuzz.pt", ZipBytes.torch(pickle, new byte[24]));
    }
  }

  /**
   * ONNX length prefixes of any 64-bit value: a model whose field declares more bytes than are
   * left must never open (protobuf alone truncates such a length to 32 bits and may read an empty
   * graph as a valid model).
   */
  @FuzzTest(maxDuration = "30s")
  void onnxVarints(FuzzedDataProvider fuzz) {
    int field = fuzz.consumeInt(1, 20);
    long length = fuzz.consumeLong();
    byte[] rest = fuzz.consumeRemainingAsBytes();
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(0x08);
    out.write(0x08); // ir_version 8
    varint(out, (long) field << 3 | 2);
    varint(out, length);
    out.writeBytes(rest);
    InMemoryInputFiles files = new InMemoryInputFiles().put("fuzz.onnx", out.toByteArray());
    try (CheckpointReader reader = new OnnxFormat().open("fuzz.onnx", files)) {
      if (Long.compareUnsigned(length, rest.length) > 0) {
        throw new IllegalStateException("field " + field + " declares " + Long.toUnsignedString(length)
            + " bytes with " + rest.length + " left, and the model opened");
      }
      loadAll(reader);
    } catch (CheckpointFormatException | IOException expected) {
      // a typed rejection is a pass
    }
  }

  /**
   * An npz entry whose declared size, header shape and inflated length disagree: a tensor read in
   * full from an entry that inflates past its declared size is a finding (it read as zeros).
   */
  @FuzzTest(maxDuration = "30s")
  void npzSizes(FuzzedDataProvider fuzz) {
    int rows = fuzz.consumeInt(0, 64);
    int cols = fuzz.consumeInt(0, 64);
    int extra = fuzz.consumeInt(0, 1 << 16);
    long declaredDelta = fuzz.consumeLong(-64, 64);
    byte[] npy = NpyBytes.withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows + ", " + cols + "), }",
        new byte[rows * cols * 4 + extra]);
    byte[] zip = new ZipBytes().deflated("w.npy", npy).bytes();
    long declared = Math.max(0, npy.length - extra + declaredDelta);
    patchDeclaredSize(zip, declared);
    InMemoryInputFiles files = new InMemoryInputFiles().put("fuzz.npz", zip);
    try (CheckpointReader reader = new NpzFormat().open("fuzz.npz", files)) {
      for (TensorInfo info : reader.tensors()) {
        reader.load(info);
        if (extra > 0 && info.elementCount() > 0) {
          throw new IllegalStateException("an entry inflating " + extra + " bytes past its array was read in full");
        }
      }
    } catch (CheckpointFormatException | IOException expected) {
      // a typed rejection is a pass
    }
  }

  private static void varint(java.io.ByteArrayOutputStream out, long value) {
    while ((value & ~0x7FL) != 0) {
      out.write((int) (value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out.write((int) value);
  }

  /** Sets the uncompressed size of the (only) central directory entry. */
  private static void patchDeclaredSize(byte[] zip, long size) {
    for (int i = zip.length - 4; i >= 0; i--) {
      if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 1 && zip[i + 3] == 2) {
        for (int b = 0; b < 4; b++) {
          zip[i + 24 + b] = (byte) (size >>> (8 * b));
        }
        return;
      }
    }
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
