package org.htsr.model;

/**
 * A tensor's values decoded to double, in row-major (C) order over {@link TensorInfo#shape()}.
 * The array is handed over, not copied: callers must not modify it after construction.
 */
public record TensorData(TensorInfo info, double[] values) {

  public TensorData {
    if (values.length != info.elementCount()) {
      throw new IllegalArgumentException(
          "tensor " + info.name() + ": " + values.length + " values for shape " + info.shape());
    }
  }
}
