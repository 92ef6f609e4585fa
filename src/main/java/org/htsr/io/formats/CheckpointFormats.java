package org.htsr.io.formats;

import org.htsr.io.FormatDetection;

import org.htsr.io.CheckpointFormat;
import org.htsr.io.CheckpointFormatException;
import org.htsr.io.CheckpointReader;
import org.htsr.io.InputFile;
import org.htsr.io.InputFiles;
import org.htsr.io.keras.KerasH5Format;
import org.htsr.io.numpy.NpyFormat;
import org.htsr.io.numpy.NpzFormat;
import org.htsr.io.onnx.OnnxFormat;
import org.htsr.io.safetensors.SafetensorsFormat;
import org.htsr.io.safetensors.SafetensorsIndexFormat;
import org.htsr.io.torch.TorchIndexFormat;
import org.htsr.io.torch.TorchLegacyFormat;
import org.htsr.io.torch.TorchZipFormat;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

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
    return FormatDetection.detect(file, FORMATS);
  }

  /**
   * Opens the checkpoint at {@code location} in its detected format.
   *
   * @throws CheckpointFormatException {@link Problem#UNKNOWN_FORMAT} when no format recognises the
   *     file, {@link Problem#IO} when it cannot be read, or the format's own errors
   */
  public static CheckpointReader open(String location, InputFiles files)
      throws CheckpointFormatException {
    return FormatDetection.open(location, files, FORMATS);
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
    return FormatDetection.detectFormat(location, files, FORMATS);
  }

  /** Opens {@code location} in the format named {@code formatName}, as the driver detected it. */
  public static CheckpointReader openAs(String formatName, String location, InputFiles files)
      throws CheckpointFormatException {
    CheckpointFormat format = byName(formatName).orElseThrow(
        () -> new IllegalArgumentException("no checkpoint format is named " + formatName));
    return format.open(location, files);
  }
}
