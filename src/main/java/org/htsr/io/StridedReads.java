package org.htsr.io;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.htsr.model.TensorInfo;

/**
 * Reads row-major ranges of a tensor whose elements lie in a {@link StridedLayout}. Row-major
 * layouts are one contiguous read; others are gathered by walking the tensor in storage order, so
 * that the storage is read once, forward, through a bounded window.
 */
final class StridedReads {

  /** Storage elements decoded at once when gathering: 8 MiB of doubles. */
  static final int WINDOW_ELEMENTS = RawFloats.CHUNK_BYTES / Double.BYTES;

  private StridedReads() {}

  /**
   * Elements {@code [first, first + count)} of {@code tensor} in row-major order; the caller has
   * checked the range and that the layout lies inside the storage that {@code source} reads.
   */
  static double[] read(
      TensorInfo tensor, StridedLayout layout, ElementSource source, long first, int count)
      throws CheckpointFormatException {
    double[] out = Readers.allocate(tensor, count);
    if (count == 0) {
      return out;
    }
    if (layout.isRowMajor()) {
      source.read(layout.offset() + first, out, 0, count);
      return out;
    }
    new Gather(layout, source, first, out).run();
    return out;
  }

  /** One gathering walk: an odometer over the axes sorted by descending stride. */
  private static final class Gather {
    private final ElementSource source;
    private final long first;
    private final double[] out;
    private final int[] axes; // storage order: largest stride first
    private final long[] dims;
    private final long[] strides;
    private final long[] rowMajorSteps;
    private final double[] window;
    private final long storageEnd;
    private long windowStart = -1;
    private int windowLength;
    private long storage; // storage element of the current element

    Gather(StridedLayout layout, ElementSource source, long first, double[] out) {
      this.source = source;
      this.first = first;
      this.out = out;
      List<Long> shape = layout.shape();
      List<Long> rowMajor = StridedLayout.rowMajorStrides(shape);
      this.axes =
          IntStream.range(0, shape.size())
              .boxed()
              .sorted(
                  Comparator.comparing((Integer k) -> layout.strides().get(k))
                      .reversed()
                      .thenComparing(k -> k))
              .mapToInt(Integer::intValue)
              .toArray();
      this.dims = Arrays.stream(axes).mapToLong(shape::get).toArray();
      this.strides = Arrays.stream(axes).mapToLong(k -> layout.strides().get(k)).toArray();
      this.rowMajorSteps = Arrays.stream(axes).mapToLong(rowMajor::get).toArray();
      this.storageEnd = layout.storageEnd();
      this.window =
          new double[(int) Math.min(WINDOW_ELEMENTS, storageEnd - layout.offset())];
      this.storage = layout.offset();
    }

    void run() throws CheckpointFormatException {
      int rank = axes.length;
      long[] index = new long[rank];
      long position = 0; // row-major index of the current element
      long end = first + out.length;
      while (true) {
        if (position >= first && position < end) {
          out[(int) (position - first)] = element(storage);
        }
        int k = rank - 1;
        while (k >= 0 && index[k] == dims[k] - 1) {
          storage -= index[k] * strides[k];
          position -= index[k] * rowMajorSteps[k];
          index[k] = 0;
          k--;
        }
        if (k < 0) {
          return;
        }
        index[k]++;
        storage += strides[k];
        position += rowMajorSteps[k];
      }
    }

    private double element(long at) throws CheckpointFormatException {
      if (at < windowStart || at >= windowStart + windowLength) {
        windowStart = at;
        windowLength = (int) Math.min(window.length, storageEnd - at);
        source.read(at, window, 0, windowLength);
      }
      return window[(int) (at - windowStart)];
    }
  }
}
