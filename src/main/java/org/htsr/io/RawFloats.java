package org.htsr.io;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.htsr.model.DType;

/**
 * Raw floating-point elements (F64, F32, F16, BF16) to and from double: the element codec that
 * every reader of uncompressed data shares. Little-endian unless a byte order is given (NumPy and
 * HDF5 files may be big-endian). Byte-array view handles compile to plain loads, so decoding runs
 * at memory speed.
 */
public final class RawFloats {

  /** The most bytes read at once, so that reading a tensor holds little more than its doubles. */
  public static final int CHUNK_BYTES = 8 << 20;

  private static final VarHandle F64 =
      MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle F32 =
      MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle U16 =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle F64_BE =
      MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle F32_BE =
      MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle U16_BE =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);

  private RawFloats() {}

  /**
   * Fills {@code values} with the consecutive elements stored from {@code position}, reading chunks
   * of at most {@link #CHUNK_BYTES}.
   */
  static void read(InputFile file, long position, DType dtype, double[] values) throws IOException {
    read(file, position, dtype, ByteOrder.LITTLE_ENDIAN, values, 0, values.length);
  }

  /**
   * Fills {@code values[offset, offset + count)} with the consecutive elements stored in {@code
   * order} from {@code position}, reading chunks of at most {@link #CHUNK_BYTES}.
   */
  static void read(
      InputFile file,
      long position,
      DType dtype,
      ByteOrder order,
      double[] values,
      int offset,
      int count)
      throws IOException {
    int size = dtype.byteSize();
    int chunkElements = CHUNK_BYTES / size;
    byte[] chunk = new byte[Math.min(count, chunkElements) * size];
    for (int done = 0; done < count; ) {
      int n = Math.min(chunkElements, count - done);
      file.readFully(position + (long) done * size, chunk, 0, n * size);
      decode(dtype, order, chunk, 0, values, offset + done, n);
      done += n;
    }
  }

  /** Decodes {@code count} elements of {@code src} from {@code srcOffset} into {@code dst}. */
  public static void decode(
      DType dtype, byte[] src, int srcOffset, double[] dst, int dstOffset, int count) {
    decode(dtype, ByteOrder.LITTLE_ENDIAN, src, srcOffset, dst, dstOffset, count);
  }

  /** Decodes {@code count} elements stored in {@code order}. */
  public static void decode(
      DType dtype,
      ByteOrder order,
      byte[] src,
      int srcOffset,
      double[] dst,
      int dstOffset,
      int count) {
    if (order == ByteOrder.BIG_ENDIAN) {
      decodeBigEndian(dtype, src, srcOffset, dst, dstOffset, count);
      return;
    }
    switch (dtype) {
      case F64 -> {
        for (int i = 0; i < count; i++) {
          dst[dstOffset + i] = (double) F64.get(src, srcOffset + 8 * i);
        }
      }
      case F32 -> {
        for (int i = 0; i < count; i++) {
          dst[dstOffset + i] = (float) F32.get(src, srcOffset + 4 * i);
        }
      }
      case F16 -> {
        double[] table = HalfTable.VALUES;
        for (int i = 0; i < count; i++) {
          dst[dstOffset + i] = table[(short) U16.get(src, srcOffset + 2 * i) & 0xFFFF];
        }
      }
      case BF16 -> {
        for (int i = 0; i < count; i++) {
          // bfloat16 is the top half of a float32
          dst[dstOffset + i] = Float.intBitsToFloat((short) U16.get(src, srcOffset + 2 * i) << 16);
        }
      }
      default -> throw new IllegalArgumentException(dtype + " is not a floating-point type");
    }
  }

  private static void decodeBigEndian(
      DType dtype, byte[] src, int srcOffset, double[] dst, int dstOffset, int count) {
    switch (dtype) {
      case F64 -> {
        for (int i = 0; i < count; i++) {
          dst[dstOffset + i] = (double) F64_BE.get(src, srcOffset + 8 * i);
        }
      }
      case F32 -> {
        for (int i = 0; i < count; i++) {
          dst[dstOffset + i] = (float) F32_BE.get(src, srcOffset + 4 * i);
        }
      }
      case F16 -> {
        double[] table = HalfTable.VALUES;
        for (int i = 0; i < count; i++) {
          dst[dstOffset + i] = table[(short) U16_BE.get(src, srcOffset + 2 * i) & 0xFFFF];
        }
      }
      case BF16 -> {
        for (int i = 0; i < count; i++) {
          dst[dstOffset + i] =
              Float.intBitsToFloat((short) U16_BE.get(src, srcOffset + 2 * i) << 16);
        }
      }
      default -> throw new IllegalArgumentException(dtype + " is not a floating-point type");
    }
  }

  /** Encodes {@code count} values of {@code src} from {@code srcOffset}, rounding to nearest. */
  public static void encode(
      DType dtype, double[] src, int srcOffset, byte[] dst, int dstOffset, int count) {
    switch (dtype) {
      case F64 -> {
        for (int i = 0; i < count; i++) {
          F64.set(dst, dstOffset + 8 * i, src[srcOffset + i]);
        }
      }
      case F32 -> {
        for (int i = 0; i < count; i++) {
          F32.set(dst, dstOffset + 4 * i, (float) src[srcOffset + i]);
        }
      }
      case F16, BF16 -> {
        MiniFloat format = dtype == DType.F16 ? MiniFloat.F16 : MiniFloat.BF16;
        for (int i = 0; i < count; i++) {
          U16.set(dst, dstOffset + 2 * i, (short) format.encode(src[srcOffset + i]));
        }
      }
      default -> throw new IllegalArgumentException(dtype + " is not a floating-point type");
    }
  }

  /** All 65,536 float16 values, built on first use (512 KiB): a lookup beats the branches. */
  private static final class HalfTable {
    static final double[] VALUES = new double[1 << 16];

    static {
      for (int bits = 0; bits < VALUES.length; bits++) {
        VALUES[bits] = MiniFloat.F16.decode(bits);
      }
    }
  }
}
