package org.htsr.io.safetensors;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Hand-made safetensors files, for malformed variants that no writer would produce. */
public final class SafetensorsBytes {

  private SafetensorsBytes() {}

  /** A header written with single quotes for readability ({@code {'a':{...}}}) then the data. */
  static byte[] of(String header, byte[] data) {
    byte[] json = header.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    return withLength(json.length, json, data);
  }

  /** A file whose length field says {@code headerLength}, whatever follows. */
  public static byte[] withLength(long headerLength, byte[] json, byte[] data) {
    return ByteBuffer.allocate(8 + json.length + data.length)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putLong(headerLength)
        .put(json)
        .put(data)
        .array();
  }

  /** The bytes of the JSON header of a file. */
  static byte[] header(byte[] file) {
    int length = (int) ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong();
    byte[] json = new byte[length];
    System.arraycopy(file, 8, json, 0, length);
    return json;
  }
}
