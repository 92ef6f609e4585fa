package org.htsr.linalg;

import java.util.ArrayList;
import java.util.List;
import org.htsr.model.DType;
import org.htsr.model.LayerSpec;
import org.htsr.model.SliceLayout;

/**
 * Cuts a tensor's values into the matrices a {@link LayerSpec} names, applying its scale. The
 * decision of which axes form matrices is the spec's; this class only executes it.
 *
 * <p>A 2-D tensor with scale 1 is wrapped without copying: its row-major r×c values are the
 * column-major c×r transpose, which has the same singular values.
 */
public final class MatrixViews {

  private MatrixViews() {}

  /**
   * The matrices of {@code spec} from {@code values} (the whole tensor, row-major): every slice
   * when pooled, or the one slice the spec names.
   */
  public static List<DenseMatrix> matrices(LayerSpec spec, double[] values) {
    List<Long> shape = spec.tensor().shape();
    if (values.length != spec.tensor().elementCount()) {
      throw new IllegalArgumentException(
          spec.tensor().name() + ": " + values.length + " values for shape " + shape);
    }
    if (shape.size() == 2 && spec.scale() == 1.0) {
      return List.of(new DenseMatrix(Math.toIntExact(shape.get(1)), Math.toIntExact(shape.get(0)), values));
    }
    SliceLayout layout = spec.layout();
    int rank = shape.size();
    long[] strides = new long[rank];
    long stride = 1;
    for (int axis = rank - 1; axis >= 0; axis--) {
      strides[axis] = stride;
      stride *= shape.get(axis);
    }
    int rows = Math.toIntExact(shape.get(layout.rowAxis()));
    int cols = Math.toIntExact(shape.get(layout.colAxis()));
    int[] sliceAxes = sliceAxes(rank, layout);
    long[] sliceOffsets = sliceOffsets(shape, strides, sliceAxes);
    boolean inFloat32 = spec.tensor().dtype() != DType.F64 && spec.scale() != 1.0;
    // float32 × float32 is exact in double, so rounding the double product is numpy's float32 multiply
    double scale = inFloat32 ? (float) spec.scale() : spec.scale();
    List<DenseMatrix> out = new ArrayList<>();
    for (int s = 0; s < sliceOffsets.length; s++) {
      if (spec.slice().isPresent() && spec.slice().getAsInt() != s) {
        continue;
      }
      out.add(copySlice(values, sliceOffsets[s], rows, strides[layout.rowAxis()], cols, strides[layout.colAxis()], scale));
      if (inFloat32) {
        roundToFloat32(out.get(out.size() - 1).data());
      }
    }
    return out;
  }

  /** The number of slices {@code layout} makes of a tensor of {@code shape}. */
  public static long sliceCount(List<Long> shape, SliceLayout layout) {
    long n = 1;
    for (int axis : sliceAxes(shape.size(), layout)) {
      n *= shape.get(axis);
    }
    return n;
  }

  private static int[] sliceAxes(int rank, SliceLayout layout) {
    int[] axes = new int[rank - 2];
    int k = 0;
    for (int axis = 0; axis < rank; axis++) {
      if (axis != layout.rowAxis() && axis != layout.colAxis()) {
        axes[k++] = axis;
      }
    }
    return axes;
  }

  /** Start offsets of every slice, slices in row-major order over the slice axes. */
  private static long[] sliceOffsets(List<Long> shape, long[] strides, int[] sliceAxes) {
    int count = 1;
    for (int axis : sliceAxes) {
      count = Math.multiplyExact(count, Math.toIntExact(shape.get(axis)));
    }
    long[] offsets = new long[count];
    int[] index = new int[sliceAxes.length];
    for (int s = 0; s < count; s++) {
      long off = 0;
      for (int k = 0; k < sliceAxes.length; k++) {
        off += index[k] * strides[sliceAxes[k]];
      }
      offsets[s] = off;
      for (int k = sliceAxes.length - 1; k >= 0; k--) {
        if (++index[k] < shape.get(sliceAxes[k])) {
          break;
        }
        index[k] = 0;
      }
    }
    return offsets;
  }

  /**
   * WeightWatcher scales float32 weights in float32 (numpy 1.x keeps the array's dtype), so a
   * scaled value is float32(w·float32(scale)). Rounding the same way keeps htsr's conv spectra
   * within 1e-9 of WeightWatcher's instead of 1e-7; the values differ from exact scaling by at most
   * one float32 ulp (6e-8 relative).
   */
  private static void roundToFloat32(double[] data) {
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) data[i];
    }
  }

  private static DenseMatrix copySlice(
      double[] values, long base, int rows, long rowStride, int cols, long colStride, double scale) {
    double[] data = new double[Math.multiplyExact(rows, cols)];
    for (int j = 0; j < cols; j++) {
      long src = base + j * colStride;
      int dst = j * rows;
      for (int i = 0; i < rows; i++) {
        data[dst + i] = values[(int) (src + i * rowStride)] * scale;
      }
    }
    return new DenseMatrix(rows, cols, data);
  }
}
