package org.htsr.io.torch;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Hand-assembled pickles (protocol 2 opcodes), for tests that need exact, hostile bytes. */
public final class PickleBytes {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  public static PickleBytes proto2() {
    PickleBytes p = new PickleBytes();
    return p.op(0x80).op(2);
  }

  public PickleBytes op(byte[] bytes) {
    out.writeBytes(bytes);
    return this;
  }

  public PickleBytes op(int... bytes) {
    for (int b : bytes) {
      out.write(b);
    }
    return this;
  }

  PickleBytes text(String ascii) {
    out.writeBytes(ascii.getBytes(StandardCharsets.ISO_8859_1));
    return this;
  }

  /** GLOBAL module.name */
  PickleBytes global(String module, String name) {
    return op('c').text(module + "\n" + name + "\n");
  }

  /** BINUNICODE */
  public PickleBytes string(String value) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    op('X');
    int n = utf8.length;
    op(n & 0xFF, n >> 8 & 0xFF, n >> 16 & 0xFF, n >>> 24);
    out.writeBytes(utf8);
    return this;
  }

  /** BININT (4-byte signed) */
  public PickleBytes integer(int value) {
    return op('J', value & 0xFF, value >> 8 & 0xFF, value >> 16 & 0xFF, value >>> 24);
  }

  /** LONG1 of a long */
  PickleBytes longValue(long value) {
    op(0x8a, 8);
    for (int i = 0; i < 8; i++) {
      op((int) (value >>> (8 * i)) & 0xFF);
    }
    return this;
  }

  public PickleBytes mark() {
    return op('(');
  }

  PickleBytes tuple() {
    return op('t');
  }

  public PickleBytes stop() {
    return op('.');
  }

  public byte[] bytes() {
    return out.toByteArray();
  }

  /**
   * A state dict {name: _rebuild_tensor_v2(storage, offset, shape, stride)} over one FloatStorage
   * '0' of {@code storageElements}: the layout torch.save writes.
   */
  public static byte[] stateDict(
      String name, long storageElements, long offset, long[] shape, long[] stride) {
    return stateDict(name, storageElements, null, offset, shape, stride);
  }

  /**
   * The same with a legacy persistent id whose view metadata {@code (key, offset, size)} makes
   * the tensor see {@code view} = {offset, size} of the storage; null for the whole storage.
   */
  public static byte[] stateDict(
      String name, long storageElements, long[] view, long offset, long[] shape, long[] stride) {
    PickleBytes p = proto2().op('}').mark().string(name);
    p.global("torch._utils", "_rebuild_tensor_v2").mark();
    p.mark().string("storage").global("torch", "FloatStorage").string("0").string("cpu")
        .longValue(storageElements);
    if (view != null) {
      p.mark().string("0").longValue(view[0]).longValue(view[1]).tuple();
    }
    p.tuple().op('Q');
    p.longValue(offset).mark();
    for (long d : shape) {
      p.longValue(d);
    }
    p.tuple().mark();
    for (long s : stride) {
      p.longValue(s);
    }
    p.tuple().op(0x89).global("collections", "OrderedDict").op(')').op('R').tuple().op('R');
    return p.op('u').stop().bytes();
  }
}
