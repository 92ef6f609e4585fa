package org.htsr.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * JSON parsing for checkpoint headers, limited so that a hostile header fails fast: headers nest a
 * few levels and hold small integers, so deep nesting and long numbers are errors, not work.
 */
public final class HeaderJson {

  /** The largest header or index file read: the safetensors format's own limit. */
  public static final int MAX_BYTES = 100_000_000;

  /** Streaming parsing (and writing) for safetensors headers. */
  public static final JsonFactory FACTORY = limitedFactory();

  /**
   * Tree parsing for small files (index files), rejecting duplicate keys and trailing content. It
   * has its own factory because the builder reconfigures the factory it is given.
   */
  public static final JsonMapper MAPPER =
      JsonMapper.builder(limitedFactory())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private HeaderJson() {}

  /** Whether {@code b} is JSON whitespace, for format detection on raw bytes. */
  /** Whether {@code head}, after JSON whitespace, starts an object. */
  public static boolean startsWithObject(byte[] head) {
    int first = 0;
    while (first < head.length && isSpace(head[first])) {
      first++;
    }
    return first < head.length && head[first] == '{';
  }

  public static boolean isSpace(byte b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t';
  }

  /** Jackson's message with the byte where parsing stopped, not its redacted source excerpt. */
  public static String describe(IOException e) {
    if (e instanceof JsonProcessingException json && json.getLocation() != null) {
      return json.getOriginalMessage() + " (at byte " + json.getLocation().getByteOffset() + ")";
    }
    return String.valueOf(e.getMessage());
  }

  private static JsonFactory limitedFactory() {
    return JsonFactory.builder()
        .streamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(64).maxNumberLength(64)
                // a __metadata__ string may legally fill the header: the header's own limit bounds it
                // (Jackson's 20 M default failed such files' layers); metadata is truncated when stored
                .maxStringLength(MAX_BYTES).build())
        .build();
  }
}
