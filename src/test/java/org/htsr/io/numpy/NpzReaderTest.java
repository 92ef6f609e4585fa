package org.htsr.io.numpy;

import org.htsr.io.CheckpointFormat;
import org.htsr.io.CheckpointFormatException;
import org.htsr.io.CheckpointReaderContract;
import org.htsr.io.ZipBytes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.htsr.io.CheckpointFormatException.Problem;

public class NpzReaderTest extends CheckpointReaderContract {

  @Override
  protected CheckpointFormat format() {
    return new NpzFormat();
  }

  @Override
  protected List<Fixture> fixtures() {
    return List.of(
        Fixture.shared("fixtures/lenet5.npz", "lenet5", Set.of()),
        Fixture.shared("fixtures/mlp2.npz", "mlp2", Set.of()),
        Fixture.shared("fixtures/lenet5_compressed.npz", "lenet5", Set.of()),
        Fixture.shared("fixtures/mlp2_compressed.npz", "mlp2", Set.of()));
  }

  @Override
  protected List<Malformed> malformed() throws IOException {
    double[] six = {1, 2, 3, 4, 5, 6};
    byte[] npy = NpyBytes.of("<f4", false, List.of(2L, 3L), six);
    byte[] valid = new ZipBytes().deflated("w.npy", npy).bytes();
    List<Malformed> cases = new ArrayList<>();
    cases.add(bad("empty file", new byte[0], Problem.TRUNCATED, null));
    cases.add(bad("cut in half", Arrays.copyOf(valid, valid.length / 2), Problem.TRUNCATED, null));
    cases.add(bad("entry declaring 10^12 bytes (a zip bomb)",
        declaredSize(valid, 0xFFFFFFF0L), Problem.BAD_HEADER, null));
    cases.add(bad("entry inflating beyond its declared size",
        declaredSize(valid, 100), Problem.BAD_HEADER, "w"));
    cases.add(bad("entry declaring more bytes than its array",
        declaredSize(valid, 200), Problem.SHAPE_MISMATCH, "w"));
    // 64 MiB of zeros deflate to ~64 KiB; declared as what they are, but the header says 6 floats
    byte[] zeros = NpyBytes.withHeader(
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", new byte[64 << 20]);
    cases.add(bad("64 MiB of zeros behind a 6-float header (a zip bomb)",
        new ZipBytes().deflated("w.npy", zeros).bytes(), Problem.SHAPE_MISMATCH, "w"));
    // 6 floats declared (and matching the header), but 4 MiB more inflate after them: without
    // the end check the tensor read as 6 zeros
    byte[] longer = NpyBytes.withHeader(
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", new byte[24 + (4 << 20)]);
    cases.add(bad("entry inflating 4 MiB past its declared size",
        declaredSize(new ZipBytes().deflated("w.npy", longer).bytes(), longer.length - (4 << 20)),
        Problem.BAD_HEADER, "w"));
    cases.add(bad("10^12 elements declared",
        new ZipBytes().stored("w.npy", NpyBytes.withHeader(
            "{'descr': '<f4', 'fortran_order': False, 'shape': (1000000000000,), }",
            new byte[24])).bytes(), Problem.SHAPE_MISMATCH, "w"));
    cases.add(bad("corrupt deflate data", corruptDeflate(valid), Problem.BAD_HEADER, null));
    cases.add(bad("entry name with ../",
        new ZipBytes().stored("../../w.npy", npy).bytes(), Problem.BAD_HEADER, null));
    cases.add(bad("entry name with a drive letter",
        new ZipBytes().stored("C:/w.npy", npy).bytes(), Problem.BAD_HEADER, null));
    cases.add(bad("unknown dtype",
        new ZipBytes().stored("w.npy", NpyBytes.withHeader(
            "{'descr': '<U8', 'fortran_order': False, 'shape': (1,), }", new byte[32])).bytes(),
        Problem.UNKNOWN_DTYPE, "w"));
    return cases;
  }

  /** The central directory's uncompressed size of the first entry set to {@code size}. */
  private static byte[] declaredSize(byte[] zip, long size) {
    byte[] out = zip.clone();
    for (int i = zip.length - 4; i >= 0; i--) {
      if (out[i] == 'P' && out[i + 1] == 'K' && out[i + 2] == 1 && out[i + 3] == 2) {
        for (int b = 0; b < 4; b++) {
          out[i + 24 + b] = (byte) (size >>> (8 * b));
        }
        return out;
      }
    }
    throw new IllegalArgumentException("no central directory");
  }

  /** Deflate data overwritten with bytes that are not a valid deflate stream. */
  private static byte[] corruptDeflate(byte[] zip) {
    byte[] out = zip.clone();
    int data = 30 + "w.npy".length();
    for (int i = data; i < data + 8; i++) {
      out[i] = (byte) 0xFF;
    }
    return out;
  }

  private static Malformed bad(String description, byte[] bytes, Problem problem, String tensor) {
    String location = "malformed/" + description.replaceAll("[^A-Za-z0-9]+", "-") + ".npz";
    return Malformed.file(description, location, bytes, problem, tensor);
  }
}
