package org.htsr.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.bytedeco.openblas.global.openblas_full;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Idle cores go only to calls whose bits do not depend on the thread count, and that claim is
 * checked here on the bundled OpenBLAS: the Gram (in one dsyrk, or off the heap in chunks) and the
 * two-stage driver give the same bits on one and on two threads, dsyevd does not (which is why it
 * stays on one), and htsr's band reduction gives the same bits on one thread and on two of its own.
 */
class BlasThreadsTest {

  private int coresBefore;

  @BeforeEach
  void bundledOnly() {
    assumeTrue(NativeLibraries.hasLapacke(), "needs the bundled OpenBLAS: " + NativeLibraries.describe());
    coresBefore = BlasThreads.cores();
  }

  @AfterEach
  void restore() {
    if (coresBefore == 0) {
      return; // skipped: not the bundled library
    }
    BlasThreads.useCores(1);
    openblas_full.openblas_set_num_threads(1);
    BlasThreads.useCores(coresBefore);
  }

  @Test
  void threadIndependentCallsShareTheCoresAndAnyOtherCallPinsOneThread() {
    BlasThreads.useCores(4);
    try (BlasThreads.Lease first = BlasThreads.enter(BlasThreads.Kind.ANY_THREAD_COUNT)) {
      assertEquals(4, BlasThreads.threads(), "a call alone gets every core");
      assertEquals(4, openblas_full.openblas_get_num_threads(), "OpenBLAS itself was told");
      try (BlasThreads.Lease second = BlasThreads.enter(BlasThreads.Kind.ANY_THREAD_COUNT)) {
        assertEquals(2, BlasThreads.threads());
        try (BlasThreads.Lease dsyevd = BlasThreads.enter(BlasThreads.Kind.ONE_THREAD)) {
          assertEquals(1, BlasThreads.threads(), "a thread-dependent call in flight pins one thread");
          assertEquals(1, openblas_full.openblas_get_num_threads());
        }
        assertEquals(2, BlasThreads.threads());
      }
      assertEquals(4, BlasThreads.threads(), "a finished call's cores go back to the one still running");
    }
    try (BlasThreads.Lease alone = BlasThreads.enter(BlasThreads.Kind.ONE_THREAD)) {
      assertEquals(1, BlasThreads.threads(), "a thread-dependent call alone still runs on one");
    }
    BlasThreads.useCores(1);
    openblas_full.openblas_set_num_threads(3);
    try (BlasThreads.Lease any = BlasThreads.enter(BlasThreads.Kind.ONE_THREAD)) {
      assertEquals(3, openblas_full.openblas_get_num_threads(), "one core: leases leave OpenBLAS as it is");
    }
  }

  @Test
  void aCoreOnWhichAnotherTaskRunsIsNotLentUntilThatTaskEnds() {
    BlasThreads.useCores(2);
    try (BlasThreads.Lease bigLayerTask = BlasThreads.taskRunning()) {
      BlasThreads.Lease smallModelTask = BlasThreads.taskRunning();
      try (BlasThreads.Lease gram = BlasThreads.enter(BlasThreads.Kind.ANY_THREAD_COUNT)) {
        // the other task is between LAPACK calls (reading, fitting): its core is still busy
        assertEquals(1, BlasThreads.threads(), "another task runs on the second core");
        smallModelTask.close();
        assertEquals(2, BlasThreads.threads(), "the call in flight gets the core its neighbour freed");
        assertEquals(2, openblas_full.openblas_get_num_threads());
      }
    }
    try (BlasThreads.Lease outsideAnyTask = BlasThreads.enter(BlasThreads.Kind.ANY_THREAD_COUNT)) {
      assertEquals(2, BlasThreads.threads(), "a call outside any task busies only its own core");
    }
  }

  @Test
  void aSplittingCallGetsTheIdleCoresAsItsOwnThreadsWhileOpenBlasStaysAtOne() {
    BlasThreads.useCores(2);
    try (BlasThreads.Split alone = BlasThreads.enterSplit()) {
      assertEquals(2, alone.threads(), "alone outside any task: both cores");
      assertEquals(1, openblas_full.openblas_get_num_threads(), "its blocks are single-threaded calls");
      try (BlasThreads.Lease gram = BlasThreads.enter(BlasThreads.Kind.ANY_THREAD_COUNT)) {
        assertEquals(1, BlasThreads.threads(), "a call beside a splitting one gets one OpenBLAS thread");
      }
    }
    try (BlasThreads.Lease bigLayerTask = BlasThreads.taskRunning();
        BlasThreads.Lease smallModelTask = BlasThreads.taskRunning();
        BlasThreads.Split besideATask = BlasThreads.enterSplit()) {
      assertEquals(1, besideATask.threads(), "another task runs on the second core");
    }
    BlasThreads.useCores(1);
    try (BlasThreads.Split oneCore = BlasThreads.enterSplit()) {
      assertEquals(1, oneCore.threads());
    }
  }

  @Test
  void aSmallLayerWaitsForAWideSectionWithItsCoreCountedIdle() throws Exception {
    try (BlasThreads.Lease bigLayerAndSmallModel = twoTasksOnTwoCores()) {
      java.util.concurrent.CountDownLatch returned = new java.util.concurrent.CountDownLatch(1);
      Thread smallLayer;
      try (BlasThreads.Lease wide = BlasThreads.wideSection()) {
        smallLayer = waitingSmallLayer(returned);
        assertEquals(1, returned.getCount(), "the small layer went on while the wide section was open");
        try (BlasThreads.Split firstStage = BlasThreads.enterSplit()) {
          assertEquals(2, firstStage.threads(), "the waiting task's core goes to the wide section");
        }
      }
      assertTrue(returned.await(60, java.util.concurrent.TimeUnit.SECONDS), "the small layer was not released");
      smallLayer.join();
      try (BlasThreads.Split secondStage = BlasThreads.enterSplit()) {
        assertEquals(1, secondStage.threads(), "the small layer's core is busy again");
      }
    }
  }

  @Test
  void nothingWaitsWithoutAWideSectionOrWithMoreCoresThanTheFirstStageUses() {
    BlasThreads.useCores(2);
    try (BlasThreads.Lease task = BlasThreads.taskRunning()) {
      // a yield that waited here would never return: bounded, so the test fails instead of hanging
      assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), BlasThreads::yieldToWideSections, "no wide section");
      BlasThreads.useCores(BlasThreads.MAX_CORES_TO_YIELD + 1);
      try (BlasThreads.Lease wide = BlasThreads.wideSection()) {
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), BlasThreads::yieldToWideSections,
            "more cores than a wide section can use");
      }
    }
  }

  @Test
  @org.junit.jupiter.api.Timeout(10) // a thread waiting for its own section would never return: interrupted here
  void aTaskNeverWaitsForItsOwnSectionAndEndsItBeforeTheSecondStage() throws Exception {
    try (BlasThreads.Lease bigLayerAndSmallModel = twoTasksOnTwoCores()) {
      java.util.concurrent.CountDownLatch returned = new java.util.concurrent.CountDownLatch(1);
      Thread smallLayer;
      try (BlasThreads.Lease taskSection = BlasThreads.wideSection()) {
        BlasThreads.yieldToWideSections(); // this task's own small tensor, inside its own section
        assertFalse(Thread.currentThread().isInterrupted(), "the task waited for its own section");
        smallLayer = waitingSmallLayer(returned);
        try (BlasThreads.Lease gramSection = BlasThreads.wideSection()) {
          assertEquals(2, BlasThreads.wideSectionsOpen());
        }
        assertEquals(1, returned.getCount(), "released while the task's section was still open");
        BlasThreads.endWideSections(); // the big layer enters its second stage
        assertTrue(returned.await(5, java.util.concurrent.TimeUnit.SECONDS), "the small layer was not released");
        assertEquals(0, BlasThreads.wideSectionsOpen());
      } // closing the ended section again does nothing
      assertEquals(0, BlasThreads.wideSectionsOpen(), "a section was counted out twice");
      smallLayer.join();
    }
  }

  /** Two cores, each running a task (a big layer's and a small model's) until the lease closes. */
  private static BlasThreads.Lease twoTasksOnTwoCores() {
    BlasThreads.useCores(2);
    BlasThreads.Lease bigLayerTask = BlasThreads.taskRunning();
    BlasThreads.Lease smallModelTask = BlasThreads.taskRunning();
    return () -> {
      smallModelTask.close();
      bigLayerTask.close();
    };
  }

  /** A small layer of another task, started and waiting in {@link BlasThreads#yieldToWideSections}; counts down when it goes on. */
  private static Thread waitingSmallLayer(java.util.concurrent.CountDownLatch returned) throws InterruptedException {
    Thread smallLayer = new Thread(() -> {
      BlasThreads.yieldToWideSections();
      returned.countDown();
    });
    smallLayer.start();
    waitUntilWaiting(smallLayer);
    return smallLayer;
  }

  /** Waits (bounded) until the thread blocks in a wait, as a yielding layer does. */
  private static void waitUntilWaiting(Thread t) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (t.getState() != Thread.State.WAITING) {
      if (System.nanoTime() > deadline || !t.isAlive()) {
        throw new AssertionError("the small layer did not wait: " + t.getState());
      }
      Thread.sleep(5);
    }
  }

  @Test
  void theBandReductionGivesTheSameBitsOnOneAndOnTwoThreadsOfItsOwn() throws Exception {
    double[] gram = new GramEigenSolver().gram(gaussian(1500, 1024, 7));
    BlasThreads.useCores(1);
    double[] one = SymmetricEigen.eigenvaluesOffHeap(EigenDriver.SY2SB_DSBEVD_2STAGE, gram.clone(), 1024);
    BlasThreads.useCores(2);
    double helperSecondsBefore = bandReductionHelperCpuSeconds();
    double[] two = SymmetricEigen.eigenvaluesOffHeap(EigenDriver.SY2SB_DSBEVD_2STAGE, gram.clone(), 1024);
    assertTrue(bandReductionHelperCpuSeconds() > helperSecondsBefore,
        "no helper thread ran a block on two cores: this test would show nothing");
    assertArrayEquals(one, two);
  }

  /** CPU seconds of the band reduction's helper threads so far. */
  private static double bandReductionHelperCpuSeconds() {
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    double seconds = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("htsr-band-reduction-")) {
        seconds += Math.max(0, threads.getThreadCpuTime(t.getId())) / 1e9;
      }
    }
    return seconds;
  }

  @Test
  void theGramAndTheTwoStageDriverGiveTheSameBitsOnAnyThreadCountAndDsyevdDoesNot() throws Exception {
    BlasThreads.useCores(1); // leases do nothing: the threads are set by hand below
    GramEigenSolver solver = new GramEigenSolver();
    DenseMatrix tall = gaussian(1500, 1024, 5);
    DenseMatrix wide = gaussian(700, 1300, 6);
    double[] gram = solver.gram(tall);
    IntFunction<double[][]> run = threads -> {
      openblas_full.openblas_set_num_threads(threads);
      try {
        return new double[][] {
          solver.gram(tall),
          solver.gram(wide),
          offHeapGram(tall),
          offHeapGram(wide),
          SymmetricEigen.eigenvaluesOffHeap(EigenDriver.DSYEVD_2STAGE, gram.clone(), 1024),
          SymmetricEigen.eigenvaluesOffHeap(EigenDriver.DSYEVD, gram.clone(), 1024)};
      } catch (SpectrumException e) {
        throw new AssertionError(e);
      }
    };
    double[][] one = run.apply(1);
    double[][] two = run.apply(2);
    assertArrayEquals(one[0], two[0], "dsyrk, AᵀA");
    assertArrayEquals(one[1], two[1], "dsyrk, AAᵀ");
    assertArrayEquals(one[2], two[2], "the off-heap Gram in chunks, AᵀA");
    assertArrayEquals(one[3], two[3], "the off-heap Gram in chunks, AAᵀ");
    assertArrayEquals(one[4], two[4], "dsyevd_2stage");
    assertFalse(Arrays.equals(one[5], two[5]),
        "dsyevd on two threads gave the same bits: the threads were not in effect, so this test shows nothing");
  }

  private static double[] offHeapGram(DenseMatrix w) {
    int m = w.minDim();
    double[] g = new double[m * m];
    try (org.bytedeco.javacpp.DoublePointer p = OffHeapGram.gram(w)) {
      p.get(g);
    }
    return g;
  }

  static DenseMatrix gaussian(int rows, int cols, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] w = new double[rows * cols];
    for (int i = 0; i < w.length; i++) {
      w[i] = random.nextDouble() - 0.5;
    }
    return new DenseMatrix(rows, cols, w);
  }
}
