package org.htsr.io.safetensors;

import org.htsr.io.HeaderJson;
import org.htsr.io.RawFloats;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.htsr.model.DType;
import org.htsr.model.TensorInfo;

/**
 * Writes a safetensors file from decoded values, rounding each to the stored type (nearest, ties to
 * even): for generated checkpoints and tests. Tensors are written in the order added, packed
 * without gaps after a header padded with spaces to a multiple of 8 bytes.
 *
 * <p>The value arrays are kept, not copied, until {@link #writeTo}: do not modify them before.
 */
public final class SafetensorsWriter {

  private static final String LOCATION = "(written)";

  private record Tensor(TensorInfo info, double[] values) {}

  private final Map<String, String> metadata = new LinkedHashMap<>();
  private final Map<String, Tensor> tensors = new LinkedHashMap<>();

  /** Adds an entry to {@code __metadata__}. */
  public SafetensorsWriter metadata(String key, String value) {
    metadata.put(key, value);
    return this;
  }

  /**
   * Adds a tensor of a floating-point {@code dtype} (F64, F32, F16, BF16) with {@code values} in
   * row-major order over {@code shape}.
   */
  public SafetensorsWriter add(String name, DType dtype, List<Long> shape, double[] values) {
    if (!dtype.isAnalysable()) {
      throw new IllegalArgumentException(
          name + ": only floating-point tensors are written, not " + dtype);
    }
    if (name.equals("__metadata__") || tensors.containsKey(name)) {
      throw new IllegalArgumentException("tensor name '" + name + "' is taken");
    }
    TensorInfo info = new TensorInfo(name, dtype, shape, LOCATION);
    if (info.elementCount() != values.length) {
      throw new IllegalArgumentException(
          name
              + ": "
              + values.length
              + " values for shape "
              + shape
              + " ("
              + info.elementCount()
              + " elements)");
    }
    tensors.put(name, new Tensor(info, values));
    return this;
  }

  /** Writes the file to {@code out}, which stays open. */
  public void writeTo(OutputStream out) throws IOException {
    byte[] header = header();
    out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
    out.write(header);
    for (Tensor tensor : tensors.values()) {
      writeValues(out, tensor.info().dtype(), tensor.values());
    }
  }

  /** The file as bytes. */
  public byte[] toByteArray() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writeTo(out);
    } catch (IOException e) {
      throw new IllegalStateException("a byte array stream does not fail", e);
    }
    return out.toByteArray();
  }

  private byte[] header() throws IOException {
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    try (JsonGenerator out = HeaderJson.FACTORY.createGenerator(json)) {
      out.writeStartObject();
      if (!metadata.isEmpty()) {
        out.writeObjectFieldStart("__metadata__");
        for (Map.Entry<String, String> entry : metadata.entrySet()) {
          out.writeStringField(entry.getKey(), entry.getValue());
        }
        out.writeEndObject();
      }
      long offset = 0;
      for (Tensor tensor : tensors.values()) {
        TensorInfo info = tensor.info();
        out.writeObjectFieldStart(info.name());
        out.writeStringField("dtype", info.dtype().name());
        out.writeArrayFieldStart("shape");
        for (long dim : info.shape()) {
          out.writeNumber(dim);
        }
        out.writeEndArray();
        out.writeArrayFieldStart("data_offsets");
        out.writeNumber(offset);
        offset += info.byteCount();
        out.writeNumber(offset);
        out.writeEndArray();
        out.writeEndObject();
      }
      out.writeEndObject();
    }
    // pad so that the data section starts 8-byte aligned, as safetensors writers do
    byte[] padded = Arrays.copyOf(json.toByteArray(), (json.size() + 7) & ~7);
    Arrays.fill(padded, json.size(), padded.length, (byte) ' ');
    return padded;
  }

  private static void writeValues(OutputStream out, DType dtype, double[] values)
      throws IOException {
    int chunkElements = RawFloats.CHUNK_BYTES / dtype.byteSize();
    byte[] chunk = new byte[Math.min(values.length, chunkElements) * dtype.byteSize()];
    for (int done = 0; done < values.length; ) {
      int n = Math.min(chunkElements, values.length - done);
      RawFloats.encode(dtype, values, done, chunk, 0, n);
      out.write(chunk, 0, n * dtype.byteSize());
      done += n;
    }
  }
}
