package org.htsr.io;

import java.io.Closeable;
import java.util.List;
import java.util.Map;
import org.htsr.model.TensorData;
import org.htsr.model.TensorInfo;

/**
 * Decodes one checkpoint (a single file, or the shards behind an index file). Readers only decode
 * bytes: which tensors are layers, and how kernels become matrices, is decided elsewhere.
 *
 * <p>Contract: {@link #tensors()} reads headers only; {@link #read} reads only the requested
 * byte range; every malformed input gives a {@link CheckpointFormatException} naming the file,
 * the tensor and the problem, never an unchecked exception or an allocation larger than the
 * request.
 */
public interface CheckpointReader extends Closeable {

  /** Every tensor, in stored order (shards in index order), analysable or not. */
  List<TensorInfo> tensors();

  /** Free-form string metadata of the checkpoint (for safetensors, {@code __metadata__}). */
  Map<String, String> metadata();

  /**
   * Reads {@code count} consecutive elements of a floating-point tensor, starting at element
   * {@code firstElement} in row-major order, decoded to double.
   */
  double[] read(TensorInfo tensor, long firstElement, int count) throws CheckpointFormatException;

  /**
   * Reads a whole floating-point tensor and checks that every value is finite.
   *
   * @throws CheckpointFormatException with {@link CheckpointFormatException.Problem#TOO_LARGE}
   *     when the tensor cannot be one Java array, or {@code NON_FINITE} for NaN/Inf values
   */
  default TensorData load(TensorInfo tensor) throws CheckpointFormatException {
    long n = tensor.elementCount();
    if (n > MAX_ARRAY_ELEMENTS) {
      throw new CheckpointFormatException(
          tensor.location(),
          tensor.name(),
          CheckpointFormatException.Problem.TOO_LARGE,
          n + " elements do not fit in one array (at most " + MAX_ARRAY_ELEMENTS + ")");
    }
    double[] values = read(tensor, 0, (int) n);
    Readers.requireFinite(tensor.location(), tensor.name(), values, "");
    return new TensorData(tensor, values);
  }

  /** The largest array the JVM reliably allocates. */
  int MAX_ARRAY_ELEMENTS = Integer.MAX_VALUE - 8;
}
