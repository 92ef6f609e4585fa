package org.htsr.model;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * One stored tensor as listed from a checkpoint's header: no values.
 *
 * @param name the tensor's name as stored (for example {@code encoder.0.weight})
 * @param dtype element type
 * @param shape dimensions, outermost first (row-major / C order)
 * @param location the file that holds the tensor's bytes (a shard of a sharded checkpoint)
 */
public record TensorInfo(String name, DType dtype, List<Long> shape, String location) implements Serializable {

  public TensorInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(location, "location");
    shape = List.copyOf(shape);
    for (Long d : shape) {
      if (d == null || d < 0) {
        throw new IllegalArgumentException("negative or null dimension in shape " + shape + " of " + name);
      }
    }
  }

  public int rank() {
    return shape.size();
  }

  public long dim(int axis) {
    return shape.get(axis);
  }

  /**
   * Number of elements, or {@link ArithmeticException} when it does not fit in a long (a hostile
   * header); readers reject such shapes before anyone allocates.
   */
  public long elementCount() {
    long n = 1;
    for (long d : shape) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  /** Size of the stored bytes, elementCount × dtype size. */
  public long byteCount() {
    return Math.multiplyExact(elementCount(), (long) dtype.byteSize());
  }
}
