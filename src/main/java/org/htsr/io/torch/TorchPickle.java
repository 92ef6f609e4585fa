package org.htsr.io.torch;

import org.htsr.io.CheckpointFormatException;
import org.htsr.io.MemoryBudget;
import org.htsr.io.ZipArchive;
import org.htsr.io.Readers;
import java.io.EOFException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.Unpickler;
import org.htsr.io.CheckpointFormatException.Problem;

/**
 * Pyrolite's unpickler restricted like PyTorch's {@code weights_only} loader: the same opcodes
 * (protocol 2, plus the protocol-4 framing ones), and every opcode that could name, call or build
 * code handled here instead of by Pyrolite. GLOBAL resolves only through {@link TorchGlobal};
 * REDUCE, NEWOBJ and BUILD act only on those constants and build plain Java values; persistent ids
 * become {@link TorchStorageRef}s. Pyrolite's own constructor registry is never consulted, so no
 * class is instantiated and nothing is executed, whatever the bytes say.
 *
 * <p>Memory stays proportional to the pickle: each opcode adds at most one object, and length
 * prefixes are checked against the bytes left before anything is allocated. What the memo and the
 * stack may grow to is charged to the task's {@link MemoryBudget}: a stored (not deflated) pickle
 * of 100 MB of memo writes would otherwise keep 20 M entries alive, a gigabyte of heap.
 */
final class TorchPickle extends Unpickler {

  /** The longest module or name line of a GLOBAL. */
  private static final int MAX_LINE = 512;

  /** What one pickle held, and every storage its persistent ids named (by key). */
  record Result(Object root, Map<String, TorchStorageRef> storages) {}

  /**
   * Heap charged per opcode: the object it may push or memoize (a boxed number, a small array or
   * a map node, with the memo's HashMap entry) is at most about this size; string and bytes
   * operands are charged their length on top.
   */
  static final long BYTES_PER_OPCODE = 64;

  private final ZipArchive.RangeInputStream in;
  private final Map<String, TorchStorageRef> storages = new LinkedHashMap<>();
  private final MemoryBudget budget = MemoryBudget.current();
  private long charged;
  private long opcodes;

  private TorchPickle(ZipArchive.RangeInputStream in) {
    this.in = in;
  }

  /** Charges {@code bytes} of objects the memo or stack may keep; refuses past the budget. */
  private void charge(long bytes) {
    charged += bytes;
    if (!budget.allows(charged)) {
      throw new PickleRefusal(Problem.TOO_LARGE, budget.exceededAfter(
          "unpickling (the memo and stack, %,d opcodes in, %,d bytes of pickle left)".formatted(opcodes, in.remaining()),
          budget.bytes()));
    }
  }

  /**
   * Unpickles one pickle from {@code in}, leaving the stream right after its STOP.
   *
   * @throws CheckpointFormatException {@link Problem#FORBIDDEN_GLOBAL} for anything outside the
   *     allowlist, {@code TRUNCATED} when the bytes end first, {@code BAD_HEADER} for malformed
   *     pickles
   */
  static Result load(String location, ZipArchive.RangeInputStream in)
      throws CheckpointFormatException {
    try {
      TorchPickle pickle = new TorchPickle(in);
      Object root = pickle.load(in);
      return new Result(root, pickle.storages);
    } catch (PickleRefusal refusal) {
      throw new CheckpointFormatException(
          location, null, refusal.problem(), refusal.getMessage(), refusal);
    } catch (IOException e) {
      if (in.remaining() == 0) {
        // Pyrolite reports running out of bytes as a plain IOException
        throw new CheckpointFormatException(
            location, null, Problem.TRUNCATED, "the pickle ends early: " + e.getMessage(), e);
      }
      throw Readers.ioFailure(location, null, e);
    } catch (PickleException
        | IndexOutOfBoundsException
        | ClassCastException
        | NegativeArraySizeException e) {
      // Pyrolite's own checks, and its stack, casts and reads on malformed input (a pop of an
      // empty stack, a SETITEMS on a list, a length byte read at the end of the input): the
      // library boundary, where bad input is unchecked
      Problem problem = in.remaining() == 0 ? Problem.TRUNCATED : Problem.BAD_HEADER;
      throw new CheckpointFormatException(
          location, null, problem, "malformed pickle: " + e, e);
    }
  }

  @Override
  protected Object dispatch(short key) throws IOException {
    opcodes++;
    charge(BYTES_PER_OPCODE);
    switch (key) {
      case Opcodes.GLOBAL -> stack.add(global(line(), line()));
      case Opcodes.STACK_GLOBAL -> {
        Object name = stack.pop();
        Object module = stack.pop();
        if (!(module instanceof String m) || !(name instanceof String n)) {
          throw new PickleRefusal(Problem.BAD_HEADER, "STACK_GLOBAL of non-strings");
        }
        stack.add(global(m, n));
      }
      case Opcodes.INST -> {
        String module = line();
        throw forbidden(module + "." + line(), "INST");
      }
      case Opcodes.REDUCE -> {
        Object args = stack.pop();
        Object function = stack.pop();
        stack.add(globalOf(function, "REDUCE").call(tuple(args, "REDUCE arguments")));
      }
      case Opcodes.NEWOBJ -> {
        Object args = stack.pop();
        Object type = stack.pop();
        stack.add(globalOf(type, "NEWOBJ").construct(tuple(args, "NEWOBJ arguments")));
      }
      case Opcodes.BUILD -> build();
      case Opcodes.BINPERSID -> stack.add(storage(stack.pop()));
      case Opcodes.EMPTY_DICT -> stack.add(new LinkedHashMap<>()); // keeps the state dict's order
      case Opcodes.SETITEM -> {
        Object value = stack.pop();
        Object itemKey = stack.pop();
        map(stack.peek()).put(Pickles.hashable(itemKey), value);
      }
      case Opcodes.SETITEMS -> {
        List<Object> items = stack.pop_all_since_marker();
        Map<Object, Object> target = map(stack.peek());
        if (items.size() % 2 != 0) {
          throw new PickleRefusal(Problem.BAD_HEADER, "SETITEMS with an odd item count");
        }
        for (int i = 0; i < items.size(); i += 2) {
          target.put(Pickles.hashable(items.get(i)), items.get(i + 1));
        }
      }
      case Opcodes.APPEND -> {
        Object value = stack.pop();
        list(stack.peek()).add(value);
      }
      case Opcodes.APPENDS -> {
        List<Object> items = stack.pop_all_since_marker();
        list(stack.peek()).addAll(items);
      }
      case Opcodes.BINUNICODE -> stack.add(utf8(prefixed(4)));
      case Opcodes.SHORT_BINUNICODE -> stack.add(utf8(prefixed(1)));
      case Opcodes.BINBYTES -> stack.add(prefixed(4));
      case Opcodes.SHORT_BINBYTES -> stack.add(prefixed(1));
      case Opcodes.SHORT_BINSTRING -> // Python 2 str: bytes, here as Latin-1 text like Pyrolite
          stack.add(new String(prefixed(1), StandardCharsets.ISO_8859_1));
      case Opcodes.LONG1 -> stack.add(longValue(prefixed(1)));
      case Opcodes.MARK,
          Opcodes.STOP,
          Opcodes.PROTO,
          Opcodes.FRAME,
          Opcodes.MEMOIZE,
          Opcodes.TUPLE,
          Opcodes.TUPLE1,
          Opcodes.TUPLE2,
          Opcodes.TUPLE3,
          Opcodes.EMPTY_TUPLE,
          Opcodes.EMPTY_LIST,
          Opcodes.EMPTY_SET,
          Opcodes.NONE,
          Opcodes.NEWTRUE,
          Opcodes.NEWFALSE,
          Opcodes.BININT,
          Opcodes.BININT1,
          Opcodes.BININT2,
          Opcodes.BINFLOAT,
          Opcodes.BINGET,
          Opcodes.LONG_BINGET,
          Opcodes.BINPUT,
          Opcodes.LONG_BINPUT -> {
        // fixed-size operands and stack bookkeeping: Pyrolite's code allocates nothing by length
        return super.dispatch(key);
      }
      default -> throw new PickleRefusal(
          Problem.BAD_HEADER,
          "pickle opcode 0x%02x ('%c') is not allowed in a weights file"
              .formatted(key, (char) key));
    }
    return NO_RETURN_VALUE;
  }

  private static TorchGlobal global(String module, String name) {
    Optional<TorchGlobal> global = TorchGlobal.of(module, name);
    if (global.isEmpty()) {
      throw forbidden(module + "." + name, "GLOBAL");
    }
    return global.get();
  }

  private static PickleRefusal forbidden(String name, String opcode) {
    return new PickleRefusal(
        Problem.FORBIDDEN_GLOBAL,
        "%s %s is not an allowed global of a weights file; nothing was run or built"
            .formatted(opcode, name));
  }

  private static TorchGlobal globalOf(Object value, String opcode) {
    if (value instanceof TorchGlobal g) {
      return g;
    }
    throw new PickleRefusal(
        Problem.FORBIDDEN_GLOBAL, opcode + " applied to " + Pickles.typeOf(value));
  }

  /** BUILD sets state on tensors and dicts only; that state (hooks, _metadata) is not needed. */
  private void build() {
    Object state = stack.pop();
    Object instance = stack.peek();
    if (!(instance instanceof TorchTensorRef) && !(instance instanceof Map)) {
      throw new PickleRefusal(
          Problem.FORBIDDEN_GLOBAL,
          "BUILD on " + Pickles.typeOf(instance) + " with " + Pickles.typeOf(state));
    }
  }

  /**
   * A persistent id {@code ('storage', storage_type, key, location, numel[, view_metadata])}; a
   * legacy view's metadata {@code (view_key, offset, size)} narrows the window.
   */
  private TorchStorageRef storage(Object pid) {
    if (!(pid instanceof Object[] id)
        || id.length < 5
        || !("storage".equals(id[0]) || id[0] instanceof byte[] b && "storage".equals(
            new String(b, StandardCharsets.ISO_8859_1)))) {
      throw new PickleRefusal(
          Problem.FORBIDDEN_GLOBAL, "a persistent id other than a storage: " + Pickles.typeOf(pid));
    }
    if (!(id[1] instanceof TorchGlobal type) || type.kind() != TorchGlobal.Kind.STORAGE) {
      throw new PickleRefusal(
          Problem.BAD_HEADER, "a storage of type " + Pickles.typeOf(id[1]));
    }
    String storageKey = id[2] instanceof String s ? s : String.valueOf(Pickles.natural(id[2], "key"));
    long elements = Pickles.natural(id[4], "storage size");
    long start = 0;
    long length = elements;
    if (id.length > 5 && id[5] != null) {
      if (!(id[5] instanceof Object[] view) || view.length != 3) {
        throw new PickleRefusal(Problem.BAD_HEADER, "malformed storage view metadata");
      }
      start = Pickles.natural(view[1], "view offset");
      length = Pickles.natural(view[2], "view size");
      if (start > elements || length > elements - start) {
        throw new PickleRefusal(
            Problem.SHAPE_MISMATCH,
            "view [%d, +%d) of storage '%s' with %d elements".formatted(start, length, storageKey,
                elements));
      }
    }
    TorchStorageRef ref =
        new TorchStorageRef(storageKey, type.qualifiedName(), type.dtype(), elements, start, length);
    TorchStorageRef known = storages.putIfAbsent(storageKey, ref);
    if (known != null && (known.dtype() != ref.dtype() || known.elements() != ref.elements())) {
      throw new PickleRefusal(
          Problem.BAD_HEADER, "storage '" + storageKey + "' is declared twice, differently");
    }
    return ref;
  }

  private static Object[] tuple(Object value, String what) {
    if (value instanceof Object[] tuple) {
      return tuple;
    }
    throw new PickleRefusal(Problem.BAD_HEADER, what + " are " + Pickles.typeOf(value));
  }

  @SuppressWarnings("unchecked")
  private static Map<Object, Object> map(Object target) {
    if (target instanceof Map<?, ?> map) {
      return (Map<Object, Object>) map;
    }
    throw new PickleRefusal(Problem.BAD_HEADER, "SETITEM on " + Pickles.typeOf(target));
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object target) {
    if (target instanceof java.util.ArrayList<?> list) {
      return (List<Object>) list;
    }
    throw new PickleRefusal(Problem.BAD_HEADER, "APPEND on " + Pickles.typeOf(target));
  }

  /** Bytes after a little-endian length of {@code width} bytes, checked against what is left. */
  private byte[] prefixed(int width) throws IOException {
    byte[] prefix = read(width);
    long length =
        width == 1 ? prefix[0] & 0xFF : ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN)
            .getInt() & 0xFFFFFFFFL;
    if (length > in.remaining()) {
      throw new EOFException(
          "a string of %d bytes, with %d bytes left".formatted(length, in.remaining()));
    }
    charge(2 * length); // the bytes, and the String decoded from them
    return read((int) length);
  }

  /** Python's decode_long: little-endian two's complement, as a Long when it fits. */
  private static Number longValue(byte[] littleEndian) {
    byte[] bigEndian = new byte[littleEndian.length];
    for (int i = 0; i < littleEndian.length; i++) {
      bigEndian[i] = littleEndian[littleEndian.length - 1 - i];
    }
    BigInteger value = bigEndian.length == 0 ? BigInteger.ZERO : new BigInteger(bigEndian);
    return value.bitLength() < 64 ? (Number) value.longValue() : value;
  }

  private byte[] read(int n) throws IOException {
    byte[] bytes = new byte[n];
    int done = 0;
    while (done < n) {
      int got = in.read(bytes, done, n - done);
      if (got < 0) {
        throw new EOFException("the pickle ends inside an operand");
      }
      done += got;
    }
    return bytes;
  }

  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new PickleRefusal(Problem.BAD_HEADER, "a string that is not UTF-8");
    }
  }

  /** A GLOBAL operand line, without its newline. */
  private String line() throws IOException {
    StringBuilder line = new StringBuilder();
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new EOFException("the pickle ends inside a GLOBAL");
      }
      if (c == '\n') {
        return line.toString();
      }
      if (line.length() == MAX_LINE) {
        throw new PickleRefusal(Problem.BAD_HEADER, "a GLOBAL name longer than " + MAX_LINE);
      }
      line.append((char) c);
    }
  }
}
