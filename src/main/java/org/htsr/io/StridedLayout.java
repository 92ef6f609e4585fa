package org.htsr.io;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a tensor's elements lie in a flat storage: element {@code (i0, i1, ...)} is storage element
 * {@code offset + Σ ik·strides[k]}. PyTorch views, NumPy's Fortran order and plain C order are all
 * such layouts.
 *
 * @param shape dimensions, outermost first
 * @param strides steps in storage elements, one per dimension, non-negative
 * @param offset the storage element of index (0, ..., 0)
 */
public record StridedLayout(List<Long> shape, List<Long> strides, long offset) {

  public StridedLayout {
    shape = List.copyOf(shape);
    strides = List.copyOf(strides);
    if (shape.size() != strides.size()) {
      throw new IllegalArgumentException("shape " + shape + " and strides " + strides);
    }
  }

  /** Row-major (C order) elements from {@code offset}. */
  public static StridedLayout rowMajor(List<Long> shape, long offset) {
    return new StridedLayout(shape, rowMajorStrides(shape), offset);
  }

  /** Column-major (Fortran order) elements from element 0. */
  public static StridedLayout columnMajor(List<Long> shape) {
    List<Long> strides = new ArrayList<>();
    long step = 1;
    for (long d : shape) {
      strides.add(step);
      step = Math.multiplyExact(step, Math.max(d, 1));
    }
    return new StridedLayout(shape, strides, 0);
  }

  /** The strides of row-major order; dimensions of size 0 or 1 count as 1 (they never step). */
  static List<Long> rowMajorStrides(List<Long> shape) {
    Long[] strides = new Long[shape.size()];
    long step = 1;
    for (int k = shape.size() - 1; k >= 0; k--) {
      strides[k] = step;
      step = Math.multiplyExact(step, Math.max(shape.get(k), 1));
    }
    return List.of(strides);
  }

  /** Whether the elements lie in row-major order without gaps, so that reads need no gathering. */
  boolean isRowMajor() {
    long step = 1;
    for (int k = shape.size() - 1; k >= 0; k--) {
      long d = shape.get(k);
      if (d == 0) {
        return true; // no elements at all
      }
      if (d != 1 && strides.get(k) != step) {
        return false;
      }
      step *= d; // no overflow: callers checked storageEnd()
    }
    return true;
  }

  /**
   * One past the largest storage element the layout touches ({@code offset} for an empty tensor).
   *
   * @throws ArithmeticException when that does not fit in a long (a hostile header)
   */
  public long storageEnd() {
    long last = offset;
    for (int k = 0; k < shape.size(); k++) {
      long d = shape.get(k);
      if (d == 0) {
        return offset;
      }
      last = Math.addExact(last, Math.multiplyExact(d - 1, strides.get(k)));
    }
    return Math.addExact(last, 1);
  }
}
