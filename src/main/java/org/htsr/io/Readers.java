package org.htsr.io;

import org.htsr.io.CheckpointFormatException;
import org.htsr.io.CheckpointReader;
import org.htsr.io.InputFile;
import org.htsr.io.InputFiles;
import org.htsr.io.RawFloats;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.util.Objects;
import org.htsr.io.CheckpointFormatException.Problem;
import org.htsr.model.TensorInfo;

/**
 * What every reader does the same way: open files, read floats, turn failures into typed errors.
 */
public final class Readers {

  private Readers() {}

  /** Opens {@code location}; a file that cannot be opened is {@link Problem#IO}. */
  public static InputFile open(InputFiles files, String location) throws CheckpointFormatException {
    try {
      return files.open(location);
    } catch (IOException e) {
      throw ioFailure(location, null, e);
    }
  }

  /**
   * Reads {@code count} elements of a floating-point tensor stored contiguously from {@code
   * position}; the caller has checked the range with {@link #checkRange}.
   */
  public static double[] readFloats(InputFile file, long position, TensorInfo tensor, int count)
      throws CheckpointFormatException {
    double[] values = allocate(tensor, count);
    try {
      RawFloats.read(file, position, tensor.dtype(), values);
    } catch (IOException e) {
      throw ioFailure(file.location(), tensor.name(), e);
    }
    return values;
  }

  /**
   * Checks a {@link CheckpointReader#read} request: the tensor must be floating-point ({@link
   * Problem#UNSUPPORTED} otherwise) and the range inside it (a caller's bug otherwise).
   */
  public static void checkRange(TensorInfo tensor, long firstElement, int count)
      throws CheckpointFormatException {
    if (!tensor.dtype().isAnalysable()) {
      throw new CheckpointFormatException(
          tensor.location(),
          tensor.name(),
          Problem.UNSUPPORTED,
          tensor.dtype() + " tensors are listed but not decoded");
    }
    Objects.checkFromIndexSize(firstElement, count, tensor.elementCount());
  }

  /**
   * An I/O failure: a file that ends early is {@link Problem#TRUNCATED}, corrupt compressed data
   * {@link Problem#BAD_HEADER}, anything else {@code IO}.
   */
  public static CheckpointFormatException ioFailure(String file, String tensor, IOException e) {
    Problem problem =
        e instanceof EOFException
            ? Problem.TRUNCATED
            : e instanceof java.util.zip.ZipException ? Problem.BAD_HEADER : Problem.IO;
    return new CheckpointFormatException(
        file, tensor, problem, e.getClass().getSimpleName() + ": " + e.getMessage(), e);
  }

  /** How a format reads a file it has opened. */
  @FunctionalInterface
  public interface FileReading {
    CheckpointReader read(InputFile file) throws CheckpointFormatException;
  }

  /** Opens {@code location} and reads it with {@code reading}; a failed read closes the file again. */
  public static CheckpointReader openAndRead(InputFiles files, String location, FileReading reading) throws CheckpointFormatException {
    InputFile file = open(files, location);
    try {
      return reading.read(file);
    } catch (CheckpointFormatException e) {
      closeAfterFailure(file, e);
      throw e;
    }
  }

  /** Closes every resource, even when one fails to close; the first failure is thrown, later ones suppressed in it. */
  public static void closeAll(Iterable<? extends Closeable> resources) throws IOException {
    IOException failure = null;
    for (Closeable resource : resources) {
      try {
        resource.close();
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Closes what a failed open leaves behind, keeping the failure as the error to report. */
  public static void closeAfterFailure(Closeable resource, CheckpointFormatException failure) {
    try {
      resource.close();
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }

  /**
   * A result array; a heap too small for it is {@link Problem#TOO_LARGE}, since one oversized
   * tensor must not take down the process that analyses the others.
   */
  static double[] allocate(TensorInfo tensor, int count) throws CheckpointFormatException {
    try {
      return new double[count];
    } catch (OutOfMemoryError e) {
      throw new CheckpointFormatException(
          tensor.location(),
          tensor.name(),
          Problem.TOO_LARGE,
          "%d doubles do not fit in the heap (%d bytes at most)"
              .formatted(count, Runtime.getRuntime().maxMemory()));
    }
  }

  /** Whether {@code head} begins with {@code magic}, for format detection. */
  public static boolean startsWith(byte[] head, byte[] magic) {
    return head.length >= magic.length
        && java.util.Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
  }

  /**
   * Checks that every value read from a tensor is finite.
   *
   * @param where what the values are, after "element i" in the message ("" for the whole tensor)
   * @throws CheckpointFormatException {@link Problem#NON_FINITE}, naming the first NaN or ±∞
   */
  public static void requireFinite(String location, String tensor, double[] values, String where) throws CheckpointFormatException {
    if (allFinite(values)) {
      return;
    }
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new CheckpointFormatException(location, tensor, Problem.NON_FINITE, "element " + i + where + " is " + values[i]);
      }
    }
  }

  /**
   * Whether every value is finite: v·0 is ±0 for a finite v and NaN for ±∞ or NaN, so two sums of
   * them stay 0 exactly when all are finite. Without a branch per element, under the launchers'
   * C1-only JIT this takes ≈ 0.45 ns an element against ≈ 2.2 for a loop of Double.isFinite
   * (docs/benchmarks.md N); the first bad element is looked for only when there is one.
   */
  static boolean allFinite(double[] values) {
    double even = 0;
    double odd = 0;
    int i = 0;
    for (; i + 1 < values.length; i += 2) {
      even += values[i] * 0.0;
      odd += values[i + 1] * 0.0;
    }
    if (i < values.length) {
      even += values[i] * 0.0;
    }
    return even + odd == 0;
  }
}
