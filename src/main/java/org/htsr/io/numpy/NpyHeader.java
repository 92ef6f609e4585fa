package org.htsr.io.numpy;

import org.htsr.io.CheckpointFormatException;
import org.htsr.io.StridedLayout;
import org.htsr.io.Readers;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.htsr.io.CheckpointFormatException.Problem;
import org.htsr.model.DType;
import org.htsr.model.TensorInfo;

/**
 * The header of a {@code .npy} array: magic {@code \x93NUMPY}, version (1.0: u16 length, 2.0 and
 * 3.0: u32), then a Python dict literal {@code {'descr': '<f4', 'fortran_order': False, 'shape':
 * (3, 4), }}. Parsed by a small literal parser, never evaluated.
 *
 * @param headerBytes bytes before the data
 */
record NpyHeader(DType dtype, ByteOrder order, boolean fortranOrder, List<Long> shape,
    long headerBytes) {

  static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  /** Far above NumPy's own limit (10,000 bytes since 1.24), far below anything costly. */
  static final int MAX_HEADER = 1 << 20;

  private static final Map<String, DType> TYPES =
      Map.ofEntries(
          Map.entry("f8", DType.F64),
          Map.entry("f4", DType.F32),
          Map.entry("f2", DType.F16),
          Map.entry("i8", DType.I64),
          Map.entry("i4", DType.I32),
          Map.entry("i2", DType.I16),
          Map.entry("i1", DType.I8),
          Map.entry("u8", DType.U64),
          Map.entry("u4", DType.U32),
          Map.entry("u2", DType.U16),
          Map.entry("u1", DType.U8),
          Map.entry("b1", DType.BOOL));

  /** The data's layout over its elements. */
  StridedLayout layout() {
    return fortranOrder ? StridedLayout.columnMajor(shape) : StridedLayout.rowMajor(shape, 0);
  }

  /** Reads the header from {@code in}, the start of an array named {@code tensor}. */
  static NpyHeader read(String location, String tensor, InputStream in)
      throws CheckpointFormatException {
    try {
      byte[] prefix = readFully(in, 8);
      for (int i = 0; i < MAGIC.length; i++) {
        if (prefix[i] != MAGIC[i]) {
          throw new CheckpointFormatException(
              location, tensor, Problem.UNKNOWN_FORMAT, "no \\x93NUMPY magic");
        }
      }
      int major = prefix[6];
      int width = major == 1 ? 2 : 4;
      if (major < 1 || major > 3) {
        throw new CheckpointFormatException(
            location, tensor, Problem.UNSUPPORTED, "NPY format version " + major);
      }
      ByteBuffer length = ByteBuffer.wrap(readFully(in, width)).order(ByteOrder.LITTLE_ENDIAN);
      long textLength = width == 2 ? length.getShort() & 0xFFFF : length.getInt() & 0xFFFFFFFFL;
      if (textLength > MAX_HEADER) {
        throw new CheckpointFormatException(
            location, tensor, Problem.HEADER_TOO_LARGE, "NPY header of " + textLength + " bytes");
      }
      byte[] text = readFully(in, (int) textLength);
      String dict =
          new String(text, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
      return new Parser(location, tensor, dict).header(8 + width + textLength);
    } catch (IOException e) {
      throw Readers.ioFailure(location, tensor, e);
    }
  }

  /** The tensor this header describes, with its shape's byte count checked against 2^63. */
  TensorInfo info(String name, String location) throws CheckpointFormatException {
    TensorInfo info = new TensorInfo(name, dtype, shape, location);
    try {
      Math.addExact(info.byteCount(), headerBytes);
      layout().storageEnd();
    } catch (ArithmeticException overflow) {
      throw new CheckpointFormatException(
          location, name, Problem.SHAPE_MISMATCH, "shape " + shape + " overflows 64 bits");
    }
    return info;
  }

  private static byte[] readFully(InputStream in, int n) throws IOException {
    byte[] bytes = new byte[n];
    int done = 0;
    while (done < n) {
      int got = in.read(bytes, done, n - done);
      if (got < 0) {
        throw new EOFException("the NPY header ends early");
      }
      done += got;
    }
    return bytes;
  }

  /** A recursive-descent parser for the one dict literal NumPy writes. */
  private static final class Parser {
    private final String location;
    private final String tensor;
    private final String text;
    private int at;

    Parser(String location, String tensor, String text) {
      this.location = location;
      this.tensor = tensor;
      this.text = text;
    }

    NpyHeader header(long headerBytes) throws CheckpointFormatException {
      String descr = null;
      Boolean fortran = null;
      List<Long> shape = null;
      expect('{');
      while (!peek('}')) {
        String key = string();
        expect(':');
        switch (key) {
          case "descr" -> {
            if (peek('[')) {
              throw new CheckpointFormatException(
                  location, tensor, Problem.UNKNOWN_DTYPE, "structured NumPy dtypes are not read");
            }
            descr = string();
          }
          case "fortran_order" -> fortran = bool();
          case "shape" -> shape = tuple();
          default -> throw bad("unknown key '" + key + "'");
        }
        if (!peek('}')) {
          expect(',');
        }
      }
      expect('}');
      if (descr == null || fortran == null || shape == null) {
        throw bad("the header lacks descr, fortran_order or shape");
      }
      return new NpyHeader(dtype(descr), order(descr), fortran, shape, headerBytes);
    }

    private DType dtype(String descr) throws CheckpointFormatException {
      String code = descr.isEmpty() ? "" : descr.substring(1);
      DType dtype = descr.equals("|b1") || descr.equals("?") ? DType.BOOL : TYPES.get(code);
      if (dtype == null || descr.length() < 2 || "<>|=".indexOf(descr.charAt(0)) < 0) {
        throw new CheckpointFormatException(
            location, tensor, Problem.UNKNOWN_DTYPE, "NumPy dtype '" + descr + "'");
      }
      return dtype;
    }

    private static ByteOrder order(String descr) {
      return descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    private String string() throws CheckpointFormatException {
      skipSpace();
      if (at >= text.length() || (text.charAt(at) != '\'' && text.charAt(at) != '"')) {
        throw bad("expected a string at " + at);
      }
      char quote = text.charAt(at++);
      int end = text.indexOf(quote, at);
      if (end < 0) {
        throw bad("an unterminated string");
      }
      String value = text.substring(at, end);
      at = end + 1;
      return value;
    }

    private boolean bool() throws CheckpointFormatException {
      skipSpace();
      if (text.startsWith("True", at)) {
        at += 4;
        return true;
      }
      if (text.startsWith("False", at)) {
        at += 5;
        return false;
      }
      throw bad("expected True or False at " + at);
    }

    private List<Long> tuple() throws CheckpointFormatException {
      expect('(');
      List<Long> values = new ArrayList<>();
      while (!peek(')')) {
        values.add(natural());
        if (!peek(')')) {
          expect(',');
        }
        if (values.size() > 64) {
          throw bad("a shape of more than 64 dimensions");
        }
      }
      expect(')');
      return values;
    }

    private long natural() throws CheckpointFormatException {
      skipSpace();
      int start = at;
      while (at < text.length() && Character.isDigit(text.charAt(at)) && at - start < 19) {
        at++;
      }
      if (at == start && at < text.length() && text.charAt(at) == '-') {
        throw bad("a negative dimension at " + start + " of the shape");
      }
      if (at == start) {
        throw bad("expected a dimension (a natural number) at " + start);
      }
      if (at < text.length() && Character.isDigit(text.charAt(at))) {
        throw bad("a dimension of 20 digits or more at " + start + " (at most 2^63 - 1)");
      }
      long value;
      try {
        value = Long.parseLong(text, start, at, 10);
      } catch (NumberFormatException overflow) {
        throw bad("a dimension over 2^63 - 1 at " + start + ": " + text.substring(start, at));
      }
      if (at < text.length() && text.charAt(at) == 'L') {
        at++; // Python 2 longs
      }
      return value;
    }

    private boolean peek(char c) {
      skipSpace();
      return at < text.length() && text.charAt(at) == c;
    }

    private void expect(char c) throws CheckpointFormatException {
      if (!peek(c)) {
        throw bad("expected '" + c + "' at " + at);
      }
      at++;
    }

    private void skipSpace() {
      while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
        at++;
      }
    }

    private CheckpointFormatException bad(String detail) {
      return new CheckpointFormatException(location, tensor, Problem.BAD_HEADER, detail);
    }
  }
}
