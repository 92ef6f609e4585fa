package org.htsr.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.htsr.model.DType;
import org.junit.jupiter.api.Test;

class RawFloatsTest {

  private static final double[] SAMPLES = new Random(3).doubles(1000, -1e3, 1e3).toArray();

  @Test
  void decodesLittleEndianFloatsAndDoubles() {
    ByteBuffer f64 = ByteBuffer.allocate(8 * SAMPLES.length + 3).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer f32 = ByteBuffer.allocate(4 * SAMPLES.length + 3).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < SAMPLES.length; i++) {
      f64.putDouble(3 + 8 * i, SAMPLES[i]);
      f32.putFloat(3 + 4 * i, (float) SAMPLES[i]);
    }
    double[] decoded = new double[SAMPLES.length + 1];
    RawFloats.decode(DType.F64, f64.array(), 3, decoded, 1, SAMPLES.length);
    for (int i = 0; i < SAMPLES.length; i++) {
      assertEquals(SAMPLES[i], decoded[i + 1]);
    }
    RawFloats.decode(DType.F32, f32.array(), 3, decoded, 1, SAMPLES.length);
    for (int i = 0; i < SAMPLES.length; i++) {
      assertEquals((float) SAMPLES[i], decoded[i + 1]);
    }
  }

  @Test
  void decodesHalfPrecisionLittleEndian() {
    byte[] bytes = {0x00, 0x3C, 0x01, 0x00, 0x00, (byte) 0xFC, (byte) 0x80, 0x3F, 0x49, 0x40};
    double[] half = new double[5];
    RawFloats.decode(DType.F16, bytes, 0, half, 0, 5);
    assertArrayEquals(
        new double[] {1.0, 0x1p-24, Double.NEGATIVE_INFINITY, 1.875, 2.142578125}, half);
    double[] bf16 = new double[5];
    RawFloats.decode(DType.BF16, bytes, 0, bf16, 0, 5);
    assertArrayEquals(new double[] {0x1p-7, 0x1p-133, -0x1p121, 1.0, 3.140625}, bf16);
  }

  @Test
  void bigEndianAndManyBlocksDecodeAsLittleEndianElementByElement() {
    // 10,000 elements cross the decoder's blocks; odd offsets on both sides
    double[] values = new Random(5).doubles(10_000, -1e3, 1e3).toArray();
    for (DType dtype : new DType[] {DType.F64, DType.F32, DType.F16, DType.BF16}) {
      byte[] little = new byte[values.length * dtype.byteSize()];
      RawFloats.encode(dtype, values, 0, little, 0, values.length);
      int size = dtype.byteSize();
      byte[] big = new byte[little.length + 5];
      for (int i = 0; i < values.length; i++) {
        for (int b = 0; b < size; b++) {
          big[5 + i * size + b] = little[i * size + size - 1 - b];
        }
      }
      double[] fromLittle = new double[values.length + 7];
      double[] fromBig = new double[values.length + 7];
      RawFloats.decode(dtype, little, 0, fromLittle, 7, values.length);
      RawFloats.decode(dtype, ByteOrder.BIG_ENDIAN, big, 5, fromBig, 7, values.length);
      assertArrayEquals(fromLittle, fromBig, dtype.name());
      for (int i = 0; i < values.length; i++) {
        double one = dtype == DType.F64 ? values[i] : dtype == DType.F32 ? (float) values[i]
            : (dtype == DType.F16 ? MiniFloat.F16 : MiniFloat.BF16).decode(
                (dtype == DType.F16 ? MiniFloat.F16 : MiniFloat.BF16).encode(values[i]));
        assertEquals(one, fromLittle[7 + i], dtype + " element " + i);
      }
    }
  }

  @Test
  void encodingThenDecodingRoundsOnce() {
    for (DType dtype : new DType[] {DType.F64, DType.F32, DType.F16, DType.BF16}) {
      byte[] bytes = new byte[SAMPLES.length * dtype.byteSize()];
      RawFloats.encode(dtype, SAMPLES, 0, bytes, 0, SAMPLES.length);
      double[] decoded = new double[SAMPLES.length];
      RawFloats.decode(dtype, bytes, 0, decoded, 0, SAMPLES.length);
      for (int i = 0; i < SAMPLES.length; i++) {
        double expected =
            switch (dtype) {
              case F64 -> SAMPLES[i];
              case F32 -> (float) SAMPLES[i];
              case F16 -> MiniFloat.F16.decode(MiniFloat.F16.encode(SAMPLES[i]));
              default -> MiniFloat.BF16.decode(MiniFloat.BF16.encode(SAMPLES[i]));
            };
        assertEquals(expected, decoded[i], dtype + " " + SAMPLES[i]);
      }
    }
  }

  @Test
  void readsAcrossChunks() throws Exception {
    int count = RawFloats.CHUNK_BYTES / 8 * 2 + 5; // F64: two full chunks and a bit
    double[] values = new Random(5).doubles(count).toArray();
    byte[] bytes = new byte[8 * count + 16];
    RawFloats.encode(DType.F64, values, 0, bytes, 16, count);
    RecordingInputFile file = new RecordingInputFile(new ByteArrayInputFile("chunks", bytes));
    double[] read = new double[count];
    RawFloats.read(file, 16, DType.F64, read);
    assertArrayEquals(values, read);
    assertEquals(3, file.reads().size());
  }
}
