package org.htsr.io.torch;

import org.htsr.io.CheckpointFormat;
import org.htsr.io.CheckpointFormatException;
import org.htsr.io.CheckpointReader;
import org.htsr.io.CheckpointReaderContract;
import org.htsr.io.InMemoryInputFiles;
import org.htsr.io.MemoryBudget;
import org.htsr.io.StoredAs;
import org.htsr.io.ZipBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.htsr.io.CheckpointFormatException.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class TorchZipReaderTest extends CheckpointReaderContract {

  /** 6 floats: a valid storage for a [2,3] tensor. */
  private static final byte[] STORAGE = new byte[24];

  @TempDir Path dir;

  @Override
  protected CheckpointFormat format() {
    return new TorchZipFormat();
  }

  @Override
  protected List<Fixture> fixtures() {
    return List.of(
        Fixture.shared("fixtures/lenet5_zip.pt", "lenet5", Set.of()),
        Fixture.shared("fixtures/mlp2_zip.pt", "mlp2", Set.of()),
        Fixture.shared("fixtures/edge_cases_zip.pt", "edge_cases", Set.of()),
        Fixture.shared(
            "fixtures/mlp2_pytorch_model.bin", "mlp2", Set.of(), StoredAs.prefixed("model.")));
  }

  /** Pickles that reach for code: each must be refused by name, nothing constructed or run. */
  public static List<byte[]> hostilePickles(String marker) {
    String touch = "touch " + marker;
    return List.of(
        ("cos\nsystem\n(S'" + touch + "'\ntR.").getBytes(StandardCharsets.ISO_8859_1),
        PickleBytes.proto2().global("posix", "system").mark().string(touch).tuple().op('R')
            .stop().bytes(),
        PickleBytes.proto2().global("__builtin__", "eval").mark()
            .string("__import__('os').system('" + touch + "')").tuple().op('R').stop().bytes(),
        PickleBytes.proto2().global("builtins", "exec").mark()
            .string("import os; os.system('" + touch + "')").tuple().op('R').stop().bytes(),
        PickleBytes.proto2().global("subprocess", "Popen").mark().mark().string("touch")
            .string(marker).op('l').tuple().op('R').stop().bytes(),
        PickleBytes.proto2().global("functools", "partial").mark().global("os", "system")
            .string(touch).tuple().op('R').stop().bytes(),
        // protocol 4: the global's name built from strings on the stack
        PickleBytes.proto2().string("os").string("system").op(0x93).mark().string(touch).tuple()
            .op('R').stop().bytes(),
        // INST: the class named inline, called with the marked arguments
        PickleBytes.proto2().mark().string(touch).op('i').text("os\nsystem\n").stop().bytes());
  }

  @Override
  protected List<Malformed> malformed() {
    byte[] valid = ZipBytes.torch(tensor(6, 0, new long[] {2, 3}, new long[] {3, 1}), STORAGE);
    List<Malformed> cases = new ArrayList<>();
    cases.add(bad("empty file", new byte[0], Problem.TRUNCATED, null));
    cases.add(bad("cut in half", Arrays.copyOf(valid, valid.length / 2), Problem.TRUNCATED, null));
    cases.add(bad("cut before the end record", Arrays.copyOf(valid, valid.length - 1),
        Problem.TRUNCATED, null));
    int n = 0;
    for (byte[] pickle : hostilePickles("/tmp/htsr-pwned")) {
      cases.add(bad("hostile pickle " + ++n, ZipBytes.torch(pickle, STORAGE),
          Problem.FORBIDDEN_GLOBAL, null));
    }
    cases.add(bad("REDUCE calls a storage class",
        torch(PickleBytes.proto2().global("torch", "FloatStorage").op(')').op('R').stop()),
        Problem.FORBIDDEN_GLOBAL, null));
    cases.add(bad("NEWOBJ of torch.Size",
        torch(PickleBytes.proto2().global("torch", "Size").op(')').op(0x81).stop()),
        Problem.FORBIDDEN_GLOBAL, null));
    cases.add(bad("BUILD on a list",
        torch(PickleBytes.proto2().op(']').op('}').op('b').stop()),
        Problem.FORBIDDEN_GLOBAL, null));
    cases.add(bad("persistent id of a module",
        torch(PickleBytes.proto2().mark().string("module").string("os").tuple().op('Q').stop()),
        Problem.FORBIDDEN_GLOBAL, null));
    cases.add(bad("opcode outside the allowlist (EXT1)",
        torch(PickleBytes.proto2().op(0x82, 1).stop()), Problem.BAD_HEADER, null));
    cases.add(bad("a string longer than the pickle",
        torch(PickleBytes.proto2().op('X', 0xff, 0xff, 0xff, 0x7f).text("abc")),
        Problem.TRUNCATED, null));
    cases.add(bad("a self-containing list as a dict key",
        torch(PickleBytes.proto2().op('}').op(']').op('q', 0).op('h', 0).op('a').op('N')
            .op('s').stop()),
        Problem.BAD_HEADER, null));
    cases.add(bad("stack underflow", torch(PickleBytes.proto2().op('R').stop()),
        Problem.BAD_HEADER, null));
    cases.add(bad("no state dict", torch(PickleBytes.proto2().integer(7).stop()),
        Problem.UNSUPPORTED, null));
    cases.add(bad("10^12 elements over 6",
        ZipBytes.torch(tensor(6, 0, new long[] {1_000_000_000_000L}, new long[] {1}), STORAGE),
        Problem.SHAPE_MISMATCH, "w"));
    cases.add(bad("shape overflowing 64 bits",
        ZipBytes.torch(tensor(6, 0, new long[] {1L << 32, 1L << 32, 1L << 32},
            new long[] {1, 1, 1}), STORAGE),
        Problem.SHAPE_MISMATCH, "w"));
    cases.add(bad("stride beyond the storage",
        ZipBytes.torch(tensor(6, 0, new long[] {2, 3}, new long[] {4, 1}), STORAGE),
        Problem.SHAPE_MISMATCH, "w"));
    cases.add(bad("offset beyond the storage",
        ZipBytes.torch(tensor(6, 1, new long[] {2, 3}, new long[] {3, 1}), STORAGE),
        Problem.SHAPE_MISMATCH, "w"));
    cases.add(bad("offset 2^63-1",
        ZipBytes.torch(tensor(6, Long.MAX_VALUE, new long[] {2}, new long[] {1}), STORAGE),
        Problem.SHAPE_MISMATCH, "w"));
    cases.add(bad("storage of 10^12 elements in 24 bytes",
        ZipBytes.torch(tensor(1_000_000_000_000L, 0, new long[] {2, 3}, new long[] {3, 1}),
            STORAGE),
        Problem.SHAPE_MISMATCH, null));
    cases.add(bad("negative storage offset",
        ZipBytes.torch(tensor(6, -1, new long[] {2, 3}, new long[] {3, 1}), STORAGE),
        Problem.BAD_HEADER, null));
    cases.add(bad("missing storage record",
        new ZipBytes().stored("archive/data.pkl", tensor(6, 0, new long[] {6}, new long[] {1}))
            .bytes(),
        Problem.BAD_HEADER, null));
    cases.add(bad("no data.pkl",
        new ZipBytes().stored("archive/data/0", STORAGE).bytes(), Problem.BAD_HEADER, null));
    cases.add(bad("entry name with ../",
        new ZipBytes().stored("archive/data.pkl", tensor(6, 0, new long[] {6}, new long[] {1}))
            .stored("archive/../../evil", STORAGE).bytes(),
        Problem.BAD_HEADER, null));
    cases.add(bad("absolute entry name",
        new ZipBytes().stored("/etc/passwd", STORAGE).bytes(), Problem.BAD_HEADER, null));
    cases.add(bad("overlapping entries (a zip-bomb trick)", overlapping(valid),
        Problem.OVERLAP, null));
    cases.add(bad("central directory beyond the file", directoryOffset(valid, 1 << 30),
        Problem.OUT_OF_RANGE, null));
    cases.add(bad("65,535 entries declared in a tiny directory", entryCount(valid, 0xFFFF),
        Problem.BAD_HEADER, null));
    return cases;
  }

  /**
   * A stored data.pkl of memo writes (LONG_BINPUT of one object under 200,000 keys): 1 MB of
   * pickle that keeps 200,000 memo entries alive. Charged to the task's budget, it is TOO_LARGE
   * as soon as it passes it, naming the need, instead of growing until the heap is gone.
   */
  @Test
  void aMemoBombIsRefusedAtTheBudget() throws Exception {
    PickleBytes p = PickleBytes.proto2().op('}');
    for (int key = 0; key < 200_000; key++) {
      p.op('r', key & 0xFF, key >> 8 & 0xFF, key >> 16 & 0xFF, key >>> 24);
    }
    byte[] zip = ZipBytes.torch(p.stop().bytes(), STORAGE);
    InMemoryInputFiles files = new InMemoryInputFiles().put("memo.pt", zip);
    CheckpointFormatException error;
    try (MemoryBudget.Scope scope = MemoryBudget.limitTo(new MemoryBudget(4L << 20))) {
      error = assertThrows(CheckpointFormatException.class, () -> format().open("memo.pt", files));
    }
    assertEquals(Problem.TOO_LARGE, error.problem(), error.getMessage());
    assertTrue(error.getMessage().contains("memo.pt") && error.getMessage().contains("memo and stack")
        && error.getMessage().contains("needs more than 4.2 MB"), error.getMessage());
    // the same bytes under a budget that holds them: unpickled to the end, an empty dict
    try (MemoryBudget.Scope scope = MemoryBudget.limitTo(new MemoryBudget(64L << 20))) {
      error = assertThrows(CheckpointFormatException.class, () -> format().open("memo.pt", files));
    }
    assertEquals(Problem.UNSUPPORTED, error.problem(), error.getMessage());
  }

  @Test
  void hostilePicklesRunNothing() throws Exception {
    Path marker = dir.resolve("pwned");
    for (byte[] pickle : hostilePickles(marker.toString())) {
      InMemoryInputFiles files =
          new InMemoryInputFiles().put("x.pt", ZipBytes.torch(pickle, STORAGE));
      CheckpointFormatException error =
          assertThrows(CheckpointFormatException.class, () -> format().open("x.pt", files));
      assertEquals(Problem.FORBIDDEN_GLOBAL, error.problem(), error.getMessage());
      assertTrue(error.getMessage().contains("x.pt"), error.getMessage());
      assertTrue(error.getMessage().matches("(?s).*(system|eval|exec|Popen|partial).*"),
          "the message names the global: " + error.getMessage());
    }
    assertFalse(Files.exists(marker), "a hostile pickle ran code");
  }

  @Test
  void nestedCheckpointsKeepTheModelAndIgnoreTheOptimizer() throws Exception {
    // {"epoch": 3, "optimizer": {"w": tensor}, "state_dict": {"w": tensor}}
    byte[] state = tensor(6, 0, new long[] {2, 3}, new long[] {3, 1});
    byte[] inner = Arrays.copyOfRange(state, 2, state.length - 1); // without PROTO and STOP
    byte[] pickle =
        PickleBytes.proto2().op('}').mark().string("epoch").integer(3)
            .string("optimizer").op(inner).string("state_dict").op(inner).op('u').stop().bytes();
    InMemoryInputFiles files =
        new InMemoryInputFiles().put("ckpt.pt", ZipBytes.torch(pickle, STORAGE));
    try (CheckpointReader reader = format().open("ckpt.pt", files)) {
      assertEquals(List.of("w"), reader.tensors().stream().map(t -> t.name()).toList());
      assertEquals(List.of(2L, 3L), reader.tensors().get(0).shape());
    }
  }

  private static byte[] tensor(long storage, long offset, long[] shape, long[] stride) {
    return PickleBytes.stateDict("w", storage, offset, shape, stride);
  }

  private static byte[] torch(PickleBytes pickle) {
    return ZipBytes.torch(pickle.bytes(), STORAGE);
  }

  /** The second central-directory entry's local header offset set to the first's. */
  private static byte[] overlapping(byte[] zip) {
    byte[] out = zip.clone();
    int first = centralEntry(out, 0);
    int second = centralEntry(out, first + 1);
    System.arraycopy(out, first + 42, out, second + 42, 4);
    return out;
  }

  private static byte[] directoryOffset(byte[] zip, int offset) {
    byte[] out = zip.clone();
    int end = lastIndexOf(out, new byte[] {'P', 'K', 5, 6});
    writeInt(out, end + 16, offset);
    return out;
  }

  private static byte[] entryCount(byte[] zip, int count) {
    byte[] out = zip.clone();
    int end = lastIndexOf(out, new byte[] {'P', 'K', 5, 6});
    out[end + 10] = (byte) count;
    out[end + 11] = (byte) (count >> 8);
    out[end + 8] = (byte) count;
    out[end + 9] = (byte) (count >> 8);
    return out;
  }

  private static int centralEntry(byte[] zip, int from) {
    byte[] signature = {'P', 'K', 1, 2};
    for (int i = from; i + 4 <= zip.length; i++) {
      if (Arrays.equals(zip, i, i + 4, signature, 0, 4)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no central entry");
  }

  private static int lastIndexOf(byte[] zip, byte[] signature) {
    for (int i = zip.length - 4; i >= 0; i--) {
      if (Arrays.equals(zip, i, i + 4, signature, 0, 4)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no signature");
  }

  private static void writeInt(byte[] out, int at, int value) {
    for (int i = 0; i < 4; i++) {
      out[at + i] = (byte) (value >>> (8 * i));
    }
  }

  private static Malformed bad(String description, byte[] bytes, Problem problem, String tensor) {
    String location = "malformed/" + description.replaceAll("[^A-Za-z0-9]+", "-") + ".pt";
    return Malformed.file(description, location, bytes, problem, tensor);
  }
}
