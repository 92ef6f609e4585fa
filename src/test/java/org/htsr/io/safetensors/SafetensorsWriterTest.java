package org.htsr.io.safetensors;

import org.htsr.io.ByteArrayInputFile;
import org.htsr.io.CheckpointReader;
import org.htsr.io.RawFloats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.htsr.model.DType;
import org.htsr.model.TensorInfo;
import org.junit.jupiter.api.Test;

class SafetensorsWriterTest {

  private static final double[] VALUES = {0.1, -2.5, 1e-6, 3.0e4, 1 / 3.0, -0.0};

  @Test
  void writtenFilesReadBackRoundedToTheirTypes() throws Exception {
    SafetensorsWriter writer =
        new SafetensorsWriter().metadata("format", "pt").metadata("note", "ünïcode \"quoted\"");
    for (DType dtype : new DType[] {DType.F64, DType.F32, DType.F16, DType.BF16}) {
      writer.add("w." + dtype, dtype, List.of(2L, 3L), VALUES);
    }
    writer.add("scalar", DType.F32, List.of(), new double[] {7});
    writer.add("empty", DType.F32, List.of(0L, 4L), new double[0]);
    byte[] bytes = writer.toByteArray();
    assertEquals(0, SafetensorsBytes.header(bytes).length % 8, "data section 8-byte aligned");
    try (CheckpointReader reader =
        SafetensorsReader.open(new ByteArrayInputFile("w.safetensors", bytes))) {
      assertEquals(Map.of("format", "pt", "note", "ünïcode \"quoted\""), reader.metadata());
      List<TensorInfo> tensors = reader.tensors();
      assertEquals(
          List.of("w.F64", "w.F32", "w.F16", "w.BF16", "scalar", "empty"),
          tensors.stream().map(TensorInfo::name).toList());
      for (TensorInfo info : tensors.subList(0, 4)) {
        assertEquals(List.of(2L, 3L), info.shape());
        double[] expected = new double[VALUES.length];
        byte[] stored = new byte[VALUES.length * info.dtype().byteSize()];
        RawFloats.encode(info.dtype(), VALUES, 0, stored, 0, VALUES.length);
        RawFloats.decode(info.dtype(), stored, 0, expected, 0, VALUES.length);
        assertArrayEquals(expected, reader.load(info).values(), info.name());
      }
      assertArrayEquals(VALUES, reader.load(tensors.get(0)).values());
      assertArrayEquals(new double[] {7}, reader.load(tensors.get(4)).values());
      assertEquals(0, reader.load(tensors.get(5)).values().length);
    }
  }

  @Test
  void theHeaderIsStandardSafetensorsJson() {
    byte[] bytes =
        new SafetensorsWriter()
            .add("a", DType.BF16, List.of(2L), new double[] {1, 2})
            .toByteArray();
    String header = new String(SafetensorsBytes.header(bytes), StandardCharsets.UTF_8);
    assertEquals(
        "{\"a\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[0,4]}}", header.strip());
    assertEquals(8 + header.length() + 4, bytes.length);
  }

  @Test
  void rejectsWhatSafetensorsCannotHold() {
    SafetensorsWriter writer =
        new SafetensorsWriter().add("a", DType.F32, List.of(1L), new double[] {1});
    double[] one = {1};
    assertThrows(
        IllegalArgumentException.class, () -> writer.add("a", DType.F32, List.of(1L), one));
    assertThrows(
        IllegalArgumentException.class,
        () -> writer.add("__metadata__", DType.F32, List.of(1L), one));
    assertThrows(
        IllegalArgumentException.class, () -> writer.add("b", DType.I64, List.of(1L), one));
    assertThrows(
        IllegalArgumentException.class, () -> writer.add("b", DType.F32, List.of(2L), one));
    assertThrows(
        IllegalArgumentException.class, () -> writer.add("b", DType.F32, List.of(-1L), one));
  }
}
