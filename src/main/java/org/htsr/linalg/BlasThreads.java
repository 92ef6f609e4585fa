package org.htsr.linalg;

import org.bytedeco.openblas.global.openblas_full;

/**
 * The OpenBLAS threads of this JVM, shared among the analysis tasks running in it. With {@code
 * cores} cores for its tasks, every BLAS/LAPACK call may use {@code cores / running tasks} threads:
 * one task alone — the last big layer of a batch while the other slots idle, as in a 4096² layer
 * beside a small model — gets every core (as WeightWatcher's SVD does), two tasks on two cores get
 * one thread each, so OpenBLAS's threads never oversubscribe the cores (where they collapse,
 * spark-notes §2). OpenBLAS reads its thread count at every BLAS call, so a long LAPACK call
 * (dsyevd's many dsymv/dsyr2k calls) picks up the cores a finished task frees.
 *
 * <p>Only the bundled OpenBLAS can be told (its {@code openblas_set_num_threads}); with a system
 * library or pure Java this class does nothing, and tasks keep {@code OPENBLAS_NUM_THREADS}.
 */
public final class BlasThreads {

  private static int running;
  private static int threads = 1;

  private BlasThreads() {}

  /** A running task's share of the cores; closing it gives the share back. */
  public interface Lease extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Registers a running task.
   *
   * @param cores the cores this JVM's tasks may use together; 1 leaves OpenBLAS as it is
   */
  public static Lease enter(int cores) {
    if (cores <= 1 || !NativeLibraries.hasLapacke()) {
      return () -> {};
    }
    change(+1, cores);
    return () -> change(-1, cores);
  }

  /** The threads a BLAS call gets now (1 unless leases share cores). */
  public static synchronized int threads() {
    return threads;
  }

  private static synchronized void change(int delta, int cores) {
    running += delta;
    int share = Math.max(1, cores / Math.max(1, running));
    if (share != threads) {
      openblas_full.openblas_set_num_threads(share);
      threads = share;
    }
  }
}
