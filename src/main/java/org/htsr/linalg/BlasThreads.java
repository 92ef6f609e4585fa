package org.htsr.linalg;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.openblas.global.openblas_full;

/**
 * OpenBLAS's threads in this JVM, given to the BLAS/LAPACK calls whose results do not depend on
 * them. OpenBLAS has one thread count per process, read at the start of every BLAS call. Every
 * call of htsr's solvers takes a lease of one of two kinds:
 *
 * <ul>
 *   <li>{@link Kind#ANY_THREAD_COUNT}: the Gram ({@code dsyrk} splits the output among threads,
 *       never a sum) and the two-stage eigenvalue driver give the same bits on any number of
 *       threads (BlasThreadsTest), and big ones gain from them ({@link #threadIndependent});
 *   <li>{@link Kind#ONE_THREAD}: {@code dsyevd}'s one-stage reduction ({@code dsymv} sums partial
 *       vectors per thread) and {@code dgesdd} change their last bits with the thread count, so they
 *       always run on one.
 * </ul>
 *
 * <p>A call may also cut its work into blocks of single-threaded calls and run them on threads of
 * its own ({@link #enterSplit}): it gets the same share of idle cores, as Java threads. A big
 * layer's stages that use every idle core are a {@link #wideSection}; with a few cores, a small
 * layer of another task waits for it to end ({@link #yieldToWideSections}), its core counted idle
 * meanwhile, and runs beside the big layer's sequential second stage instead.
 *
 * <p>With {@code cores} cores for this JVM's calls ({@link #useCores}), a core is busy while a task
 * runs on it ({@link #taskRunning}) or a call runs outside any task; the idle ones are shared by the
 * thread-independent calls in flight (each gets 1 + idle / calls), and the count is 1 as soon as any
 * other call is in flight. So a 4096² layer running beside a small model gets every core once the
 * small model's tasks are done (as WeightWatcher's SVD does), never a core on which another task
 * still runs Java (OpenBLAS's threads would then wait on each other at every barrier), and no
 * layer's numbers depend on what ran beside it. Only the bundled OpenBLAS can be told ({@code
 * openblas_set_num_threads}); with a system library or pure Java, or one core, leases do nothing
 * and OpenBLAS keeps {@code OPENBLAS_NUM_THREADS}.
 */
public final class BlasThreads {

  /** How many threads a call may run on. */
  public enum Kind {
    /** The same bits on any number of threads, and work enough to share: may use idle cores. */
    ANY_THREAD_COUNT,
    /**
     * Last bits change with the thread count, or the call is too small to gain from threads
     * (waking OpenBLAS's threads for a 256-wide Gram doubled a zoo's solving time): one thread.
     */
    ONE_THREAD
  }

  /**
   * Below this many flops a thread-independent call still runs on one thread: about 25 ms of one
   * core's dsyrk, so a 1024² Gram (1.1e9) or a MiniLM embedding's (4.5e9) shares the cores and a
   * 384 × 1536 one (2.3e8) does not (waking OpenBLAS's threads for a 256-wide Gram doubled a zoo's
   * solving time: docs/benchmarks.md I).
   */
  static final double MIN_SHARED_FLOPS = 1e9;

  /** {@link Kind#ANY_THREAD_COUNT} for a thread-independent call of at least {@link #MIN_SHARED_FLOPS}. */
  public static Kind threadIndependent(double flops) {
    return flops >= MIN_SHARED_FLOPS ? Kind.ANY_THREAD_COUNT : Kind.ONE_THREAD;
  }

  /** A call's claim on the cores; closing it gives them back. */
  public interface Lease extends AutoCloseable {
    @Override
    void close();
  }

  private static final Lease NONE = () -> {};

  private static int cores = 1;
  private static int tasks;
  private static int inFlight;
  private static int oneThread;
  private static int wideSections;
  private static int threads = 1;

  private BlasThreads() {}

  /**
   * The cores this JVM's BLAS calls may use together: in local mode the machine's (the driver runs
   * the tasks), on a cluster the executor's task slots. 1 (the default) leaves OpenBLAS as it is.
   */
  public static synchronized void useCores(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("cores must be at least 1, got " + n);
    }
    cores = n;
    if (n > 1 && NativeLibraries.hasLapacke() && inFlight == 0) {
      // from a known state: OpenBLAS may have started with every core (no OPENBLAS_NUM_THREADS)
      openblas_full.openblas_set_num_threads(1);
      threads = 1;
    }
  }

  /** The cores given by {@link #useCores} (tests restore it). */
  static synchronized int cores() {
    return cores;
  }

  /** Registers a call about to run; close the lease when it returns. */
  public static Lease enter(Kind kind) {
    if (!active()) {
      return NONE;
    }
    change(+1, kind);
    return () -> change(-1, kind);
  }

  /**
   * A call that cuts its work into blocks and runs them on threads of its own, each block one BLAS
   * call on one OpenBLAS thread, so that its bits do not depend on how many ran at once
   * ({@link BandReduction}). While it is in flight OpenBLAS stays at one thread (as for
   * {@link Kind#ONE_THREAD}); {@link Split#threads} is how many threads it may use: the share of
   * the idle cores a thread-independent call would get now (1 with one core or without the bundled
   * OpenBLAS).
   */
  public static Split enterSplit() {
    if (!active()) {
      return SINGLE;
    }
    int share = enterSplitting();
    return new Split() {
      @Override
      public int threads() {
        return share;
      }

      @Override
      public void close() {
        change(-1, Kind.ONE_THREAD);
      }
    };
  }

  /** A splitting call's claim on the cores; closing it gives them back. */
  public interface Split extends Lease {
    /** The threads the call may run its blocks on, its own included. */
    int threads();
  }

  private static final Split SINGLE = new Split() {
    @Override
    public int threads() {
      return 1;
    }

    @Override
    public void close() {}
  };

  private static synchronized int enterSplitting() {
    change(+1, Kind.ONE_THREAD);
    return 1 + idle() / inFlight;
  }

  /**
   * Marks the stages of a big layer that take every idle core (its Gram and the first stage of its
   * reduction; a task with a big layer opens one from its start, ExecutorTasks) until closed or
   * ended ({@link #endWideSections}). Small layers of other tasks wait for its end before they start
   * ({@link #yieldToWideSections}), so their cores go to it, and run beside its sequential second
   * stage instead, where one core would otherwise idle (docs/benchmarks.md M).
   */
  public static Lease wideSection() {
    if (!active()) {
      return NONE;
    }
    WideSection section = new WideSection();
    changeWideSections(+1);
    OWN_SECTIONS.get().add(section);
    return section;
  }

  /**
   * Ends every wide section this thread holds (a big layer entering its sequential second stage):
   * the small layers waiting for them go on. Their leases' own close then does nothing.
   */
  public static void endWideSections() {
    for (WideSection section : new ArrayList<>(OWN_SECTIONS.get())) {
      section.close();
    }
  }

  /** The wide sections the current thread holds: a thread never waits for its own. */
  private static final ThreadLocal<List<WideSection>> OWN_SECTIONS = ThreadLocal.withInitial(ArrayList::new);

  /** A wide section; closing it twice (or after {@link #endWideSections}) does nothing. */
  private static final class WideSection implements Lease {
    private boolean open = true;

    @Override
    public void close() {
      synchronized (BlasThreads.class) {
        if (!open) {
          return;
        }
        open = false;
        changeWideSections(-1);
      }
      OWN_SECTIONS.get().remove(this);
    }
  }

  /**
   * Up to this many cores a small layer yields to a wide section: a big layer's first stage uses at
   * most {@link BandReduction#BLOCKS} threads, so with more cores waiting would leave cores idle.
   */
  static final int MAX_CORES_TO_YIELD = BandReduction.BLOCKS;

  /**
   * Called by a running task before a layer that takes no idle cores itself: while a wide section
   * of another thread is in flight in this JVM (and the JVM has at most {@link #MAX_CORES_TO_YIELD} cores), waits
   * with its core counted idle, so the wide section's calls get it. Returns at once otherwise, or
   * when interrupted (keeping the interrupt).
   */
  public static void yieldToWideSections() {
    synchronized (BlasThreads.class) {
      if (!active() || wideSections == 0 || cores > MAX_CORES_TO_YIELD || tasks == 0 || !OWN_SECTIONS.get().isEmpty()) {
        return;
      }
      changeTasks(-1);
      try {
        while (wideSections > 0) {
          BlasThreads.class.wait();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        changeTasks(+1);
      }
    }
  }

  private static synchronized void changeWideSections(int delta) {
    wideSections += delta;
    if (wideSections == 0) {
      BlasThreads.class.notifyAll();
    }
  }

  /**
   * Registers a task that runs on one of the cores until the lease is closed, so its core is not
   * lent to another task's calls. Its own calls take their leases with {@link #enter}.
   */
  public static Lease taskRunning() {
    if (!active()) {
      return NONE;
    }
    changeTasks(+1);
    return () -> changeTasks(-1);
  }

  /** Wide sections open in this JVM (tests). */
  static synchronized int wideSectionsOpen() {
    return wideSections;
  }

  /** The threads a BLAS call gets now. */
  public static synchronized int threads() {
    return threads;
  }

  private static synchronized boolean active() {
    return cores > 1 && NativeLibraries.hasLapacke();
  }

  private static synchronized void changeTasks(int delta) {
    tasks += delta;
    apply();
  }

  private static synchronized void change(int delta, Kind kind) {
    inFlight += delta;
    if (kind == Kind.ONE_THREAD) {
      oneThread += delta;
    }
    apply();
  }

  /** Cores neither running a task nor a call: calls outside any task (tests, the driver's own) count as busy cores too. */
  private static synchronized int idle() {
    return Math.max(0, cores - Math.max(tasks, inFlight));
  }

  private static synchronized void apply() {
    if (inFlight == 0) {
      return; // the next call's lease sets the count
    }
    int share = oneThread > 0 ? 1 : 1 + idle() / inFlight;
    if (share != threads) {
      openblas_full.openblas_set_num_threads(share);
      threads = share;
    }
  }
}
