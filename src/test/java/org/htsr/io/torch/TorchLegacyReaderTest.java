package org.htsr.io.torch;

import org.htsr.io.CheckpointFormat;
import org.htsr.io.CheckpointFormatException;
import org.htsr.io.CheckpointReader;
import org.htsr.io.CheckpointReaderContract;
import org.htsr.io.InMemoryInputFiles;
import org.htsr.io.RawFloats;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.htsr.io.CheckpointFormatException.Problem;

public class TorchLegacyReaderTest extends CheckpointReaderContract {

  @Override
  protected CheckpointFormat format() {
    return new TorchLegacyFormat();
  }

  @Override
  protected List<Fixture> fixtures() {
    return List.of(
        Fixture.shared("fixtures/lenet5_legacy.pt", "lenet5", Set.of()),
        Fixture.shared("fixtures/mlp2_legacy.pt", "mlp2", Set.of()),
        Fixture.shared("fixtures/edge_cases_legacy.pt", "edge_cases", Set.of()));
  }

  @Override
  protected List<Malformed> malformed() {
    byte[] state = PickleBytes.stateDict("w", 6, 0, new long[] {2, 3}, new long[] {3, 1});
    byte[] valid = legacy(state, 6, 24);
    List<Malformed> cases = new ArrayList<>();
    cases.add(bad("cut in the magic", Arrays.copyOf(valid, 8), Problem.TRUNCATED, null));
    cases.add(bad("cut in the state dict", Arrays.copyOf(valid, 150), Problem.TRUNCATED, null));
    cases.add(bad("cut in the data", Arrays.copyOf(valid, valid.length - 5), Problem.TRUNCATED,
        null));
    cases.add(bad("storage count disagrees", legacy(state, 7, 28), Problem.SHAPE_MISMATCH, null));
    cases.add(bad("protocol version 1000", withProtocol(valid, 1000), Problem.UNSUPPORTED, null));
    cases.add(bad("hostile state pickle",
        legacy(TorchZipReaderTest.hostilePickles("/tmp/htsr-pwned").get(1), 6, 24),
        Problem.FORBIDDEN_GLOBAL, null));
    cases.add(bad("key list naming no storage", legacy(state, List.of("9"), 6, 24),
        Problem.BAD_HEADER, null));
    cases.add(bad("10^12 elements over 6",
        legacy(PickleBytes.stateDict("w", 6, 0, new long[] {1_000_000_000_000L},
            new long[] {1}), 6, 24),
        Problem.SHAPE_MISMATCH, "w"));
    cases.add(bad("view offset plus tensor offset overflowing 64 bits",
        legacy(PickleBytes.stateDict("w", 6, new long[] {2, 4}, Long.MAX_VALUE, new long[] {2},
            new long[] {1}), 6, 24),
        Problem.SHAPE_MISMATCH, "w"));
    cases.add(bad("tensor beyond its view",
        legacy(PickleBytes.stateDict("w", 6, new long[] {2, 2}, 0, new long[] {3},
            new long[] {1}), 6, 24),
        Problem.SHAPE_MISMATCH, "w"));
    cases.add(bad("view beyond its storage",
        legacy(PickleBytes.stateDict("w", 6, new long[] {4, 4}, 0, new long[] {1},
            new long[] {1}), 6, 24),
        Problem.SHAPE_MISMATCH, null));
    return cases;
  }

  @org.junit.jupiter.api.Test
  void aLegacyViewReadsItsSliceOfTheStorage() throws Exception {
    byte[] data = new byte[24];
    RawFloats.encode(org.htsr.model.DType.F32, new double[] {1, 2, 3, 4, 5, 6}, 0, data, 0, 6);
    byte[] file = legacy(PickleBytes.stateDict("w", 6, new long[] {2, 4}, 1, new long[] {2},
        new long[] {2}), 6, 0);
    byte[] withData = java.util.Arrays.copyOf(file, file.length + 24);
    System.arraycopy(data, 0, withData, file.length, 24);
    InMemoryInputFiles files = new InMemoryInputFiles().put("view.pt", withData);
    try (CheckpointReader reader = format().open("view.pt", files)) {
      // elements 2+1 and 2+1+2 of 1..6
      org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {4, 6},
          reader.load(reader.tensors().get(0)).values());
    }
  }

  /** A legacy file: magic, protocol, sys_info, {@code state}, keys ['0'], then storage '0'. */
  static byte[] legacy(byte[] state, long count, int dataBytes) {
    return legacy(state, List.of("0"), count, dataBytes);
  }

  private static byte[] legacy(byte[] state, List<String> keys, long count, int dataBytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(PickleBytes.proto2().op(0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a,
        0xa8, 0x50, 0x19).stop().bytes());
    out.writeBytes(PickleBytes.proto2().op('M', 0xe9, 0x03).stop().bytes());
    out.writeBytes(PickleBytes.proto2().op('}').mark().string("protocol_version")
        .op('M', 0xe9, 0x03).string("little_endian").op(0x88).op('u').stop().bytes());
    out.writeBytes(state);
    PickleBytes list = PickleBytes.proto2().op(']').mark();
    keys.forEach(list::string);
    out.writeBytes(list.op('e').stop().bytes());
    out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(count).array());
    out.writeBytes(new byte[dataBytes]);
    return out.toByteArray();
  }

  private static byte[] withProtocol(byte[] valid, int version) {
    byte[] out = valid.clone();
    // the second pickle: PROTO 2, BININT2 1001, STOP right after the 15-byte magic pickle
    out[15 + 3] = (byte) version;
    out[15 + 4] = (byte) (version >> 8);
    return out;
  }

  private static Malformed bad(String description, byte[] bytes, Problem problem, String tensor) {
    String location = "malformed/" + description.replaceAll("[^A-Za-z0-9]+", "-") + ".pt";
    return Malformed.file(description, location, bytes, problem, tensor);
  }
}
