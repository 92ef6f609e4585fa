package org.htsr.io;

/**
 * A tensor's storage as a flat run of elements, read by element index. Readers of strided data
 * (PyTorch views, NumPy Fortran order) hand one to {@link StridedReads}.
 */
@FunctionalInterface
public interface ElementSource {

  /** Reads storage elements {@code [first, first + count)} into {@code into[offset, ...)}. */
  void read(long first, double[] into, int offset, int count) throws CheckpointFormatException;
}
