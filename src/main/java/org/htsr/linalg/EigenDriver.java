package org.htsr.linalg;

/** The LAPACK driver that computes a symmetric matrix's eigenvalues; its label ends the solver column. */
public enum EigenDriver {
  /**
   * The one-stage tridiagonal reduction (memory-bound dsytrd), then dsterf: dsyevd('N')'s two
   * calls without its norm scan and with narrower panels ({@link TridiagonalEigen}).
   */
  DSYTRD_DSTERF("dsytrd+dsterf", BlasThreads.Kind.ONE_THREAD),
  /** dsyevd('N') itself: dsytrd with ILAENV's panels, then dsterf (tests, benchmarks, scaled matrices). */
  DSYEVD("dsyevd", BlasThreads.Kind.ONE_THREAD),
  /**
   * The same after a two-stage reduction (dense → band → tridiagonal, BLAS-3 first stage), whose
   * result does not depend on the thread count.
   */
  DSYEVD_2STAGE("dsyevd_2stage", BlasThreads.Kind.ANY_THREAD_COUNT),
  /**
   * The same two stages with the first one in htsr's own BLAS calls ({@link BandReduction}), each
   * panel's products in blocks on as many threads of its own as cores are idle when it starts,
   * then {@code dsbevd_2stage} (band → tridiagonal, sequential; {@code dsterf}). Neither depends
   * on the thread count.
   */
  SY2SB_DSBEVD_2STAGE("sy2sb+dsbevd_2stage", BlasThreads.Kind.ANY_THREAD_COUNT);

  /**
   * From this order up the two-stage driver is faster: measured against dsyevd with the bundled
   * OpenBLAS 0.3.31, one thread (docs/benchmarks.md E; A.3 found the same crossover, 2,048–3,072,
   * in C). {@link #DSYTRD_DSTERF} is 5–7 % faster than dsyevd at 1024–1536 (P), so the crossover
   * has not moved below this.
   */
  static final int TWO_STAGE_FROM = 3072;

  private final String label;
  private final BlasThreads.Kind threads;

  EigenDriver(String label, BlasThreads.Kind threads) {
    this.label = label;
    this.threads = threads;
  }

  /** Whether its calls may use idle cores without changing a bit (BlasThreadsTest). */
  BlasThreads.Kind threads() {
    return threads;
  }

  public String label() {
    return label;
  }

  /**
   * The faster driver for an n×n matrix, when the two-stage one is callable at all: its first stage
   * in calls of htsr's own, so that the cores freed while it runs are used (docs/benchmarks.md K).
   */
  static EigenDriver forOrder(int n, boolean twoStageAvailable) {
    return twoStageAvailable && n >= TWO_STAGE_FROM ? SY2SB_DSBEVD_2STAGE : DSYTRD_DSTERF;
  }
}
