package org.htsr.io.numpy;

import org.htsr.io.RawFloats;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.htsr.model.DType;

/** .npy files made in tests, in any byte order and either memory order. */
public final class NpyBytes {

  private NpyBytes() {}

  /** {@code values} in row-major order, stored as {@code descr} ('<f4', '>f8', ...). */
  static byte[] of(String descr, boolean fortran, List<Long> shape, double[] values) {
    double[] stored = fortran ? transposeOf(values, shape) : values;
    String dims = shape.stream().map(String::valueOf).collect(Collectors.joining(", "))
        + (shape.size() == 1 ? "," : "");
    return withHeader("{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False")
        + ", 'shape': (" + dims + "), }", encode(descr, stored));
  }

  public static byte[] withHeader(String dict, byte[] data) {
    StringBuilder header = new StringBuilder(dict);
    while ((10 + header.length() + 1) % 64 != 0) {
      header.append(' ');
    }
    header.append('\n');
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(NpyHeader.MAGIC);
    out.write(1);
    out.write(0);
    out.write(header.length() & 0xFF);
    out.write(header.length() >> 8);
    out.writeBytes(header.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(data);
    return out.toByteArray();
  }

  private static byte[] encode(String descr, double[] values) {
    ByteOrder order = descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    DType dtype = switch (descr.substring(1)) {
      case "f8" -> DType.F64;
      case "f4" -> DType.F32;
      case "f2" -> DType.F16;
      default -> throw new IllegalArgumentException(descr);
    };
    byte[] le = new byte[values.length * dtype.byteSize()];
    RawFloats.encode(dtype, values, 0, le, 0, values.length);
    if (order == ByteOrder.BIG_ENDIAN) {
      int size = dtype.byteSize();
      for (int i = 0; i < le.length; i += size) {
        for (int a = i, b = i + size - 1; a < b; a++, b--) {
          byte t = le[a];
          le[a] = le[b];
          le[b] = t;
        }
      }
    }
    return le;
  }

  /** Row-major values of the transpose (all axes reversed): Fortran order of the original. */
  private static double[] transposeOf(double[] values, List<Long> shape) {
    int rank = shape.size();
    int[] perm = new int[rank];
    for (int k = 0; k < rank; k++) {
      perm[k] = rank - 1 - k;
    }
    // stored = original.permute(perm) in row-major order
    double[] out = new double[values.length];
    long[] dims = shape.stream().mapToLong(Long::longValue).toArray();
    long[] strides = new long[rank];
    long step = 1;
    for (int k = rank - 1; k >= 0; k--) {
      strides[k] = step;
      step *= dims[k];
    }
    int[] index = new int[rank]; // index into the permuted (stored) array
    for (int p = 0; p < out.length; p++) {
      long s = 0;
      for (int k = 0; k < rank; k++) {
        s += index[k] * strides[perm[k]];
      }
      out[p] = values[(int) s];
      for (int a = rank - 1; a >= 0; a--) {
        if (++index[a] < dims[perm[a]]) {
          break;
        }
        index[a] = 0;
      }
    }
    return out;
  }

  static byte[] littleEndianLong(long value) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
  }
}
