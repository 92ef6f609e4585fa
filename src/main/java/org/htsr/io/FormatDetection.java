package org.htsr.io;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.htsr.io.CheckpointFormatException.Problem;

/**
 * Detection among a given list of formats, by leading bytes. The registry of every format is
 * {@code io.formats.CheckpointFormats}; an index format detects among its own shard formats here.
 */
public final class FormatDetection {

  private FormatDetection() {}

  /** Formats people may expect but htsr does not read: said by name instead of left implied. */
  private static String unreadHint(String location) {
    String lower = location.toLowerCase(java.util.Locale.ROOT);
    if (lower.endsWith(".gguf")) {
      return "; GGUF (llama.cpp) files are not read: convert to safetensors first";
    }
    if (lower.endsWith(".tflite") || lower.endsWith(".pb")) {
      return "; TensorFlow Lite and frozen-graph files are not read";
    }
    return "";
  }

  /** The first of {@code formats} that accepts the file's leading bytes. */
  public static Optional<CheckpointFormat> detect(InputFile file, List<CheckpointFormat> formats)
      throws IOException {
    byte[] head = new byte[(int) Math.min(CheckpointFormat.SNIFF_BYTES, file.length())];
    file.readFully(0, head, 0, head.length);
    return formats.stream().filter(f -> f.matches(head, file.location())).findFirst();
  }

  /** Opens {@code location} in the first of {@code formats} that recognises it. */
  public static CheckpointReader open(String location, InputFiles files, List<CheckpointFormat> formats)
      throws CheckpointFormatException {
    return detectFormat(location, files, formats).open(location, files);
  }

  public static CheckpointFormat detectFormat(String location, InputFiles files, List<CheckpointFormat> formats)
      throws CheckpointFormatException {
    long length;
    Optional<CheckpointFormat> format;
    try (InputFile file = Readers.open(files, location)) {
      length = file.length();
      format = detect(file, formats);
    } catch (IOException e) {
      throw Readers.ioFailure(location, null, e);
    }
    if (format.isEmpty()) {
      throw new CheckpointFormatException(
          location,
          null,
          Problem.UNKNOWN_FORMAT,
          "no known format recognises its first bytes (%d-byte file; known: %s)%s"
              .formatted(length, formats.stream().map(CheckpointFormat::name).toList(), unreadHint(location)));
    }
    return format.get();
  }
}
