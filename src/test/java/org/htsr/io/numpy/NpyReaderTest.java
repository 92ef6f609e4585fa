package org.htsr.io.numpy;

import org.htsr.io.CheckpointFormat;
import org.htsr.io.CheckpointFormatException;
import org.htsr.io.CheckpointReader;
import org.htsr.io.CheckpointReaderContract;
import org.htsr.io.ExpectedTensors;
import org.htsr.io.InMemoryInputFiles;
import org.htsr.io.LocalInputFiles;
import org.htsr.io.SharedFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.htsr.io.CheckpointFormatException.Problem;

/**
 * Single .npy files: mlp2's fc1.weight as NumPy writes it (taken from the stored npz fixture,
 * whose entries are .npy files) and re-encoded big-endian, in Fortran order, in float64.
 */
public class NpyReaderTest extends CheckpointReaderContract {

  private static final List<Long> SHAPE = List.of(48L, 64L);

  @Override
  protected CheckpointFormat format() {
    return new NpyFormat();
  }

  @Override
  protected List<Fixture> fixtures() throws IOException {
    double[] values = fc1Weight();
    List<Fixture> fixtures = new ArrayList<>();
    fixtures.add(fixture(npzEntry("fixtures/mlp2.npz", "fc1.weight.npy")));
    for (String descr : List.of(">f4", "<f4")) {
      fixtures.add(fixture(NpyBytes.of(descr, true, SHAPE, values)));
    }
    fixtures.add(fixture(NpyBytes.of(">f4", false, SHAPE, values)));
    return fixtures;
  }

  @Override
  protected List<Malformed> malformed() {
    double[] six = {1, 2, 3, 4, 5, 6};
    byte[] valid = NpyBytes.of("<f4", false, List.of(2L, 3L), six);
    List<Malformed> cases = new ArrayList<>();
    cases.add(bad("empty file", new byte[0], Problem.TRUNCATED, "x"));
    cases.add(bad("cut in the header", java.util.Arrays.copyOf(valid, 40), Problem.TRUNCATED,
        "x"));
    cases.add(bad("cut in the data", java.util.Arrays.copyOf(valid, valid.length - 1),
        Problem.TRUNCATED, "x"));
    cases.add(bad("10^12 elements",
        NpyBytes.withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (1000000000000,), }",
            new byte[24]), Problem.TRUNCATED, "x"));
    cases.add(bad("shape overflowing 64 bits",
        NpyBytes.withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, "
            + "4294967296, 4294967296), }", new byte[24]), Problem.SHAPE_MISMATCH, "x"));
    cases.add(bad("dimension of 30 digits",
        NpyBytes.withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': ("
            + "9".repeat(30) + ",), }", new byte[24]), Problem.BAD_HEADER, "x"));
    // found by .ci/fuzz (CheckpointFuzzTest.npy): 19 digits that overflow a long escaped as a
    // NumberFormatException instead of a bad header
    cases.add(bad("dimension of 19 digits over 2^63 - 1",
        NpyBytes.withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (9999999999999999999,), }",
            new byte[24]), Problem.BAD_HEADER, "x"));
    cases.add(bad("complex dtype",
        NpyBytes.withHeader("{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }",
            new byte[16]), Problem.UNKNOWN_DTYPE, "x"));
    cases.add(bad("structured dtype",
        NpyBytes.withHeader("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }",
            new byte[4]), Problem.UNKNOWN_DTYPE, "x"));
    cases.add(bad("code instead of a literal",
        NpyBytes.withHeader("{'descr': __import__('os').system('true'), 'fortran_order': False,"
            + " 'shape': (1,), }", new byte[4]), Problem.BAD_HEADER, "x"));
    cases.add(bad("no shape",
        NpyBytes.withHeader("{'descr': '<f4', 'fortran_order': False, }", new byte[4]),
        Problem.BAD_HEADER, "x"));
    byte[] huge = valid.clone();
    huge[6] = 2; // version 2.0: a 4-byte header length, here 0x7f7f7f7f
    huge[8] = huge[9] = huge[10] = huge[11] = 0x7f;
    cases.add(bad("header length 2^31", huge, Problem.HEADER_TOO_LARGE, "x"));
    return cases;
  }

  private Fixture fixture(byte[] bytes) {
    String location = "npy/" + fixtureCount++ + "/fc1.weight.npy";
    Set<String> absent = new LinkedHashSet<>(ExpectedTensors.of("mlp2").keySet());
    absent.remove("fc1.weight");
    return new Fixture(location, new InMemoryInputFiles().put(location, bytes), "mlp2", absent);
  }

  private int fixtureCount;

  private static double[] fc1Weight() throws IOException {
    try (CheckpointReader reader =
        new NpzFormat().open(SharedFiles.path("fixtures/mlp2.npz").toString(),
            new LocalInputFiles())) {
      return reader.load(reader.tensors().stream()
          .filter(t -> t.name().equals("fc1.weight")).findFirst().orElseThrow()).values();
    } catch (CheckpointFormatException e) {
      throw new IOException(e);
    }
  }

  static byte[] npzEntry(String npz, String entry) throws IOException {
    try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(SharedFiles.path(npz).toFile())) {
      return zip.getInputStream(zip.getEntry(entry)).readAllBytes();
    }
  }

  @org.junit.jupiter.api.Test
  void aNegativeDimensionIsCalledNegative() {
    byte[] npy = NpyBytes.withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3), }", new byte[24]);
    InMemoryInputFiles files = new InMemoryInputFiles().put("neg.npy", npy);
    CheckpointFormatException error = org.junit.jupiter.api.Assertions.assertThrows(
        CheckpointFormatException.class, () -> format().open("neg.npy", files));
    org.junit.jupiter.api.Assertions.assertEquals(Problem.BAD_HEADER, error.problem());
    org.junit.jupiter.api.Assertions.assertTrue(error.getMessage().contains("a negative dimension"), error.getMessage());
  }

  private static Malformed bad(String description, byte[] bytes, Problem problem, String tensor) {
    String location = "malformed/" + description.replaceAll("[^A-Za-z0-9]+", "-") + "/x.npy";
    return Malformed.file(description, location, bytes, problem, tensor);
  }
}
