package org.htsr.io;

import java.io.IOException;
import java.nio.ByteOrder;
import org.htsr.model.DType;
import org.htsr.model.TensorInfo;

/**
 * Floating-point elements stored contiguously in a file from {@code position}, in {@code order}:
 * element reads are ranged reads of the file.
 */
public record FileStorage(InputFile file, long position, DType dtype, ByteOrder order)
    implements Storage {

  @Override
  public ElementSource elements(TensorInfo tensor) {
    return (first, into, offset, count) -> {
      try {
        RawFloats.read(
            file, position + first * dtype.byteSize(), dtype, order, into, offset, count);
      } catch (IOException e) {
        throw Readers.ioFailure(file.location(), tensor.name(), e);
      }
    };
  }
}
