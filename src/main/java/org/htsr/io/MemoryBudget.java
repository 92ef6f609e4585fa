package org.htsr.io;

import java.util.Locale;
import org.htsr.io.CheckpointFormatException.Problem;

/**
 * The heap one task may spend on structures whose size a file declares: tensor values, the
 * distributed route's M×M Gram matrices, a pickle's memo and stack, inflated zip entries, HDF5
 * datasets, ONNX buffers. Every such allocation is checked here first, so a declared size above
 * the budget is a {@link Problem#TOO_LARGE} error saying what would be needed, never an
 * {@link OutOfMemoryError} or an int overflow.
 *
 * <p>The default is a quarter of this JVM's heap (as for the per-task tensor limit): in local
 * mode several tasks share one heap, and the analysis itself needs a few copies of a tensor.
 *
 * @param bytes what one task may hold, in bytes
 */
public record MemoryBudget(long bytes) {

  /** Set by {@link #limitTo} on the current thread only (tests, and the reader fuzz targets). */
  private static final ThreadLocal<MemoryBudget> OVERRIDE = new ThreadLocal<>();

  public MemoryBudget {
    if (bytes <= 0) {
      throw new IllegalArgumentException("a memory budget must be positive: " + bytes);
    }
  }

  /** The budget of a task in a JVM whose heap is {@code heapBytes}. */
  public static MemoryBudget ofHeap(long heapBytes) {
    return new MemoryBudget(Math.max(1, heapBytes / 4));
  }

  /** The budget of a task running on this thread. */
  public static MemoryBudget current() {
    MemoryBudget set = OVERRIDE.get();
    return set != null ? set : ofHeap(Runtime.getRuntime().maxMemory());
  }

  /** Lowers (or raises) the current thread's budget until the returned scope is closed. */
  public static Scope limitTo(MemoryBudget budget) {
    MemoryBudget before = OVERRIDE.get();
    OVERRIDE.set(budget);
    return () -> {
      if (before == null) {
        OVERRIDE.remove();
      } else {
        OVERRIDE.set(before);
      }
    };
  }

  /** A budget set for a stretch of code. */
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  /** Whether {@code needed} bytes fit. */
  public boolean allows(long needed) {
    return needed >= 0 && needed <= bytes;
  }

  /**
   * Checks that {@code needed} bytes fit.
   *
   * @param what what needs them, as it reads in a sentence ("the M×M Gram matrix, M = 25,000")
   * @throws CheckpointFormatException {@link Problem#TOO_LARGE} naming the need and the budget
   */
  public void require(String location, String tensor, String what, long needed)
      throws CheckpointFormatException {
    if (!allows(needed)) {
      throw new CheckpointFormatException(location, tensor, Problem.TOO_LARGE, exceeded(what, needed));
    }
  }

  /** "WHAT needs 5.0 GB per task; the per-task memory budget is 256 MB (a quarter of the heap)". */
  public String exceeded(String what, long needed) {
    String need = needed < 0 ? "more than 8 EB" : size(needed);
    return what + " needs " + need + " per task; the per-task memory budget is " + size(bytes)
        + " (a quarter of the executor heap: raise spark.executor.memory, or -Xmx in local mode)";
  }

  /** As {@link #exceeded}, for a need known only to pass {@code charged} (a stream read so far). */
  public String exceededAfter(String what, long charged) {
    return what + " needs more than " + size(charged) + " per task; the per-task memory budget is " + size(bytes)
        + " (a quarter of the executor heap: raise spark.executor.memory, or -Xmx in local mode)";
  }

  /** Bytes needed for {@code count} values of {@code width} bytes, saturating at Long.MAX_VALUE. */
  public static long times(long count, long width) {
    if (count < 0 || width < 0) {
      return Long.MAX_VALUE;
    }
    return width != 0 && count > Long.MAX_VALUE / width ? Long.MAX_VALUE : count * width;
  }

  /** A byte count for people: "512 B", "4.0 MB", "5.0 GB" (decimal units, as disks are sold). */
  public static String size(long bytes) {
    if (bytes < 1000) {
      return bytes + " B";
    }
    String[] units = {"kB", "MB", "GB", "TB", "PB", "EB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1000 && unit < units.length - 1) {
      value /= 1000;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
