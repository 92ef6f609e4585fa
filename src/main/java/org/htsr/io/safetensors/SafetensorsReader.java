package org.htsr.io.safetensors;

import org.htsr.io.CheckpointFormatException;
import org.htsr.io.CheckpointReader;
import org.htsr.io.HeaderJson;
import org.htsr.io.InputFile;
import org.htsr.io.Readers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.htsr.io.CheckpointFormatException.Problem;
import org.htsr.model.TensorInfo;

/**
 * One safetensors file: an 8-byte little-endian header length N, N bytes of JSON, then the data
 * section. Opening reads the header only (two reads); {@link #read} reads only the requested bytes.
 */
final class SafetensorsReader implements CheckpointReader {

  private static final int LENGTH_BYTES = 8;

  private final InputFile file;
  private final long dataStart;
  private final SafetensorsHeader header;

  private SafetensorsReader(InputFile file, long dataStart, SafetensorsHeader header) {
    this.file = file;
    this.dataStart = dataStart;
    this.header = header;
  }

  /**
   * Reads and validates the header of {@code file}, which the reader then owns (not on failure).
   */
  static SafetensorsReader open(InputFile file) throws CheckpointFormatException {
    String location = file.location();
    try {
      long fileLength = file.length();
      if (fileLength < LENGTH_BYTES) {
        throw new CheckpointFormatException(
            location,
            null,
            Problem.TRUNCATED,
            "the file has " + fileLength + " bytes, fewer than the 8 of the header length");
      }
      byte[] prefix = new byte[LENGTH_BYTES];
      file.readFully(0, prefix, 0, LENGTH_BYTES);
      long headerLength = ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN).getLong();
      // a u64: negative here means 2^63 or more
      if (headerLength < 0 || headerLength > HeaderJson.MAX_BYTES) {
        throw new CheckpointFormatException(
            location,
            null,
            Problem.HEADER_TOO_LARGE,
            "header length %s exceeds %d bytes"
                .formatted(Long.toUnsignedString(headerLength), HeaderJson.MAX_BYTES));
      }
      if (headerLength > fileLength - LENGTH_BYTES) {
        throw new CheckpointFormatException(
            location,
            null,
            Problem.TRUNCATED,
            "header length %d runs past the end of the %d-byte file"
                .formatted(headerLength, fileLength));
      }
      byte[] json = new byte[(int) headerLength];
      file.readFully(LENGTH_BYTES, json, 0, json.length);
      long dataStart = LENGTH_BYTES + headerLength;
      return new SafetensorsReader(
          file, dataStart, SafetensorsHeaderParser.parse(location, json, fileLength - dataStart));
    } catch (IOException e) {
      throw Readers.ioFailure(location, null, e);
    }
  }

  @Override
  public List<TensorInfo> tensors() {
    return header.tensors();
  }

  @Override
  public Map<String, String> metadata() {
    return header.metadata();
  }

  @Override
  public double[] read(TensorInfo tensor, long firstElement, int count)
      throws CheckpointFormatException {
    SafetensorsHeader.Entry entry = header.entry(tensor);
    Readers.checkRange(tensor, firstElement, count);
    long position = dataStart + entry.begin() + firstElement * tensor.dtype().byteSize();
    return Readers.readFloats(file, position, tensor, count);
  }

  @Override
  public void close() throws IOException {
    file.close();
  }
}
