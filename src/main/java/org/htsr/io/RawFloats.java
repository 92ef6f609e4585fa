package org.htsr.io;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import org.htsr.model.DType;

/**
 * Raw floating-point elements (F64, F32, F16, BF16) to and from double: the element codec that
 * every reader of uncompressed data shares. Little-endian unless a byte order is given (NumPy and
 * HDF5 files may be big-endian).
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

  /** Elements decoded per bulk copy: a small array that stays in cache. */
  private static final int BLOCK = 4096;

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

  /**
   * Decodes {@code count} elements stored in {@code order}, through the buffer views' bulk copies
   * (an intrinsic copy, with the byte swap when needed) and a plain loop over a small array: element
   * by element through a byte-array view handle, the launchers' C1-only JIT (jobs/lib/common.sh)
   * decoded bf16 at ≈ 1.7 ns an element, against ≈ 0.9 ns this way (docs/benchmarks.md L).
   */
  public static void decode(
      DType dtype,
      ByteOrder order,
      byte[] src,
      int srcOffset,
      double[] dst,
      int dstOffset,
      int count) {
    ByteBuffer bytes = ByteBuffer.wrap(src, srcOffset, count * dtype.byteSize()).slice().order(order);
    switch (dtype) {
      case F64 -> bytes.asDoubleBuffer().get(dst, dstOffset, count);
      case F32 -> {
        FloatBuffer floats = bytes.asFloatBuffer();
        float[] block = new float[Math.min(count, BLOCK)];
        for (int done = 0; done < count; done += block.length) {
          int n = Math.min(block.length, count - done);
          floats.get(block, 0, n);
          for (int i = 0; i < n; i++) {
            dst[dstOffset + done + i] = block[i];
          }
        }
      }
      case F16, BF16 -> {
        ShortBuffer shorts = bytes.asShortBuffer();
        short[] block = new short[Math.min(count, BLOCK)];
        double[] table = dtype == DType.F16 ? HalfTable.VALUES : null;
        for (int done = 0; done < count; done += block.length) {
          int n = Math.min(block.length, count - done);
          shorts.get(block, 0, n);
          if (table != null) {
            for (int i = 0; i < n; i++) {
              dst[dstOffset + done + i] = table[block[i] & 0xFFFF];
            }
          } else {
            for (int i = 0; i < n; i++) {
              // bfloat16 is the top half of a float32
              dst[dstOffset + done + i] = Float.intBitsToFloat(block[i] << 16);
            }
          }
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
