package org.htsr.io;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.htsr.io.CheckpointFormatException.Problem;

/**
 * The known checkpoint formats: detection by leading bytes, and opening a checkpoint by location.
 */
public final class CheckpointFormats {

  /** Every format, in the order detection tries them. Adding a format is adding it here. */
  private static final List<CheckpointFormat> FORMATS =
      List.of(
          new TorchZipFormat(),
          new TorchLegacyFormat(),
          new NpyFormat(),
          new NpzFormat(),
          new KerasH5Format(),
          new SafetensorsFormat(),
          new TorchIndexFormat(), // before safetensors-index: both are JSON with a weight_map
          new SafetensorsIndexFormat(),
          new OnnxFormat()); // last: protobuf has no magic, so its test is the weakest

  private CheckpointFormats() {}

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

  /** Every known format, in detection order. */
  public static List<CheckpointFormat> all() {
    return FORMATS;
  }

  /** The format with this {@link CheckpointFormat#name()}, as stored with results. */
  public static Optional<CheckpointFormat> byName(String name) {
    return FORMATS.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  /** The first format whose {@link CheckpointFormat#matches} accepts the file's leading bytes. */
  public static Optional<CheckpointFormat> detect(InputFile file) throws IOException {
    return detect(file, FORMATS);
  }

  /** The first of {@code formats} that accepts the file's leading bytes. */
  static Optional<CheckpointFormat> detect(InputFile file, List<CheckpointFormat> formats)
      throws IOException {
    byte[] head = new byte[(int) Math.min(CheckpointFormat.SNIFF_BYTES, file.length())];
    file.readFully(0, head, 0, head.length);
    return formats.stream().filter(f -> f.matches(head, file.location())).findFirst();
  }

  /**
   * Opens the checkpoint at {@code location} in its detected format.
   *
   * @throws CheckpointFormatException {@link Problem#UNKNOWN_FORMAT} when no format recognises the
   *     file, {@link Problem#IO} when it cannot be read, or the format's own errors
   */
  public static CheckpointReader open(String location, InputFiles files)
      throws CheckpointFormatException {
    return open(location, files, FORMATS);
  }

  /** Opens {@code location} in the first of {@code formats} that recognises it. */
  static CheckpointReader open(String location, InputFiles files, List<CheckpointFormat> formats)
      throws CheckpointFormatException {
    return detectFormat(location, files, formats).open(location, files);
  }

  /**
   * The format of the checkpoint at {@code location}, from its first bytes. The driver detects it
   * once while planning; the plan carries {@link CheckpointFormat#name()} to the executors, which
   * open the file with {@link #openAs} and never detect again.
   *
   * @throws CheckpointFormatException {@link Problem#UNKNOWN_FORMAT} when no format recognises the
   *     file, {@link Problem#IO} when it cannot be read
   */
  public static CheckpointFormat detectFormat(String location, InputFiles files)
      throws CheckpointFormatException {
    return detectFormat(location, files, FORMATS);
  }

  static CheckpointFormat detectFormat(String location, InputFiles files, List<CheckpointFormat> formats)
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

  /** Opens {@code location} in the format named {@code formatName}, as the driver detected it. */
  public static CheckpointReader openAs(String formatName, String location, InputFiles files)
      throws CheckpointFormatException {
    CheckpointFormat format = byName(formatName).orElseThrow(
        () -> new IllegalArgumentException("no checkpoint format is named " + formatName));
    return format.open(location, files);
  }
}
