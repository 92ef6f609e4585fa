package org.htsr.io.safetensors;

import org.htsr.io.CheckpointFormatException;
import org.htsr.io.HeaderJson;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.htsr.io.CheckpointFormatException.Problem;
import org.htsr.model.DType;
import org.htsr.model.TensorInfo;

/**
 * Parses a safetensors JSON header with Jackson's streaming parser, so memory stays proportional to
 * the tensors listed and field order (the tensors' order) is kept. Each entry is checked as it is
 * read: required fields and their types, a known dtype, and a shape whose size is the span's.
 */
final class SafetensorsHeaderParser {

  private static final String METADATA_KEY = "__metadata__";

  private final String location;
  private final JsonParser parser;

  /** The entry being parsed, named in errors; null outside entries. */
  private String tensor;

  private SafetensorsHeaderParser(String location, JsonParser parser) {
    this.location = location;
    this.parser = parser;
  }

  /**
   * Parses and validates the header {@code json} of a file whose data section has {@code
   * dataLength} bytes.
   */
  static SafetensorsHeader parse(String location, byte[] json, long dataLength)
      throws CheckpointFormatException {
    try (JsonParser parser = HeaderJson.FACTORY.createParser(json)) {
      return new SafetensorsHeaderParser(location, parser).header(dataLength);
    } catch (IOException e) { // creating or closing a parser over bytes in memory
      throw new CheckpointFormatException(
          location, null, Problem.BAD_HEADER, HeaderJson.describe(e), e);
    }
  }

  private SafetensorsHeader header(long dataLength) throws CheckpointFormatException {
    List<SafetensorsHeader.Entry> entries = new ArrayList<>();
    Map<String, String> metadata = Map.of();
    try {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw bad("the header is not a JSON object");
      }
      Set<String> names = new HashSet<>();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        tensor = name.equals(METADATA_KEY) ? null : name;
        if (!names.add(name)) {
          throw bad("'" + name + "' appears twice in the header");
        }
        parser.nextToken();
        if (tensor == null) {
          metadata = metadata();
        } else {
          entries.add(entry());
        }
      }
      tensor = null;
      if (parser.nextToken() != null) {
        throw bad("content after the header object");
      }
    } catch (IOException e) { // Jackson's syntax, encoding and limit errors, with their position
      throw new CheckpointFormatException(
          location, tensor, Problem.BAD_HEADER, HeaderJson.describe(e), e);
    }
    return SafetensorsHeader.of(location, entries, metadata, dataLength);
  }

  /** {@code __metadata__}: a string-to-string map, or null. */
  private Map<String, String> metadata() throws IOException, CheckpointFormatException {
    if (parser.currentToken() == JsonToken.VALUE_NULL) {
      return Map.of();
    }
    expect(JsonToken.START_OBJECT, "an object of strings");
    Map<String, String> metadata = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      if (parser.nextToken() != JsonToken.VALUE_STRING) {
        throw bad("metadata value of '" + key + "' is not a string");
      }
      if (metadata.put(key, parser.getText()) != null) {
        throw bad("metadata key '" + key + "' appears twice");
      }
    }
    return metadata;
  }

  private SafetensorsHeader.Entry entry() throws IOException, CheckpointFormatException {
    expect(JsonToken.START_OBJECT, "an object with dtype, shape and data_offsets");
    String dtypeName = null;
    List<Long> shape = null;
    List<Long> offsets = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      parser.nextToken();
      switch (field) {
        case "dtype" -> {
          checkFirst(dtypeName, field);
          expect(JsonToken.VALUE_STRING, "dtype, a string");
          dtypeName = parser.getText();
        }
        case "shape" -> {
          checkFirst(shape, field);
          shape = naturals(field);
        }
        case "data_offsets" -> {
          checkFirst(offsets, field);
          offsets = naturals(field);
        }
        default -> parser.skipChildren(); // fields later versions may add
      }
    }
    if (dtypeName == null || shape == null || offsets == null) {
      throw bad("the entry lacks dtype, shape or data_offsets");
    }
    if (offsets.size() != 2 || offsets.get(0) > offsets.get(1)) {
      throw bad("data_offsets " + offsets + " is not [begin, end] with begin <= end");
    }
    Optional<DType> dtype = DType.parse(dtypeName);
    if (dtype.isEmpty()) {
      throw new CheckpointFormatException(
          location, tensor, Problem.UNKNOWN_DTYPE, "dtype '" + dtypeName + "'");
    }
    TensorInfo info = new TensorInfo(tensor, dtype.get(), shape, location);
    checkSize(info, offsets.get(1) - offsets.get(0));
    return new SafetensorsHeader.Entry(info, offsets.get(0), offsets.get(1));
  }

  private void checkSize(TensorInfo info, long spanBytes) throws CheckpointFormatException {
    long bytes;
    try {
      bytes = info.byteCount();
    } catch (ArithmeticException tooMany) {
      throw new CheckpointFormatException(
          location,
          tensor,
          Problem.SHAPE_MISMATCH,
          "shape " + info.shape() + " has more bytes than 2^63");
    }
    if (bytes != spanBytes) {
      throw new CheckpointFormatException(
          location,
          tensor,
          Problem.SHAPE_MISMATCH,
          "%s shape %s needs %d bytes, data_offsets span %d"
              .formatted(info.dtype(), info.shape(), bytes, spanBytes));
    }
  }

  /** An array of integers in [0, 2^63). */
  private List<Long> naturals(String field) throws IOException, CheckpointFormatException {
    expect(JsonToken.START_ARRAY, field + ", an array of non-negative integers");
    List<Long> values = new ArrayList<>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT
          || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
          || parser.getLongValue() < 0) {
        throw bad(field + " holds " + parser.getText() + ", not an integer in [0, 2^63)");
      }
      values.add(parser.getLongValue());
    }
    return values;
  }

  private void expect(JsonToken token, String what) throws IOException, CheckpointFormatException {
    if (parser.currentToken() != token) {
      throw bad("expected " + what + ", found " + parser.getText());
    }
  }

  private void checkFirst(Object previous, String field) throws CheckpointFormatException {
    if (previous != null) {
      throw bad("field " + field + " appears twice");
    }
  }

  private CheckpointFormatException bad(String detail) {
    return new CheckpointFormatException(location, tensor, Problem.BAD_HEADER, detail);
  }
}
