package org.htsr.linalg;

import dev.ludovic.netlib.blas.BLAS;

/**
 * The fast default: G = WᵀW (M×M, M the smaller dimension) by BLAS {@code dsyrk}, then its
 * eigenvalues only by LAPACK: what {@code dsyevd('N')} computes, as {@code dsytrd} and
 * {@code dsterf} ({@link TridiagonalEigen}), or the two-stage reduction from
 * {@link EigenDriver#TWO_STAGE_FROM} up with the bundled OpenBLAS ({@link SymmetricEigen}).
 *
 * <p><b>Precision.</b> Forming G and reducing it are backward stable in G, so every eigenvalue
 * carries an absolute error of order N·ε·λmax (ε = 2.2e-16): the large eigenvalues, which the
 * power-law tail and the norms use, agree with an SVD to about 1e-14 relative, while eigenvalues
 * below about N·ε·λmax are noise (they can come out negative; they are clamped to 0). In singular
 * values that is σ ≲ σmax·√(N·ε), about 1e-6·σmax for N = 4096, far above the SVD's σmax·N·ε. The
 * honest rank tolerance for this route is therefore λ ≤ λmax·N·ε, which {@link #zeroThreshold}
 * returns; use {@link SvdSolver} when exact ranks of rank-deficient layers matter.
 */
public final class GramEigenSolver implements SpectrumSolver {

  public static final String NAME = "gram-dsytrd+dsterf";
  /** The solver column's prefix: the driver's label follows ({@link #name(DenseMatrix)}). */
  private static final String PREFIX = "gram-";

  /** Any Gram route's honest rank tolerance: λ ≤ λmax·N·ε is noise (see the class comment). */
  public static final RankTolerance RANK_TOLERANCE = (lambdaMax, n) -> lambdaMax * n * Precision.EPSILON;

  /**
   * From this many Gram flops (about 0.1 s of one core: 2048² has 8.6e9, a MiniLM embedding 4.5e9)
   * a layer's calls run off the heap ({@link OffHeapGram}).
   */
  static final double OFF_HEAP_FLOPS = 4e9;

  private final BLAS blas;
  private final boolean nativeBlas;

  public GramEigenSolver() {
    NativeLibraries.current();
    this.blas = BLAS.getInstance();
    this.nativeBlas = NativeLibraries.isNativeBlas(blas);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** "gram-dsytrd+dsterf" or "gram-sy2sb+dsbevd_2stage": the driver that solves a matrix of this shape. */
  @Override
  public String name(DenseMatrix w) {
    return nameFor(w.minDim());
  }

  /**
   * Whether an M-wide layer's spectrum takes every idle core in a {@link BlasThreads#wideSection}
   * (the two-stage route): such a layer does not wait for another's
   * ({@link BlasThreads#yieldToWideSections}).
   */
  public static boolean takesIdleCores(long m) {
    return m >= EigenDriver.TWO_STAGE_FROM && m <= Integer.MAX_VALUE
        && SymmetricEigen.driverFor((int) m) == EigenDriver.SY2SB_DSBEVD_2STAGE;
  }

  /** The solver column of an m×m Gram matrix solved by {@link #eigenvaluesOfGram}. */
  public static String nameFor(int m) {
    return PREFIX + SymmetricEigen.driverFor(m).label();
  }

  @Override
  public double[] eigenvalues(DenseMatrix w) throws SpectrumException {
    return Reductions.eigenvalues(reduce(w));
  }

  /** The Gram matrix reduced to tridiagonal form (dsytrd), or solved where it is big. */
  @Override
  public Reduction reduce(DenseMatrix w) throws SpectrumException {
    if (NativeLibraries.hasLapacke() && w.gramFlops() >= OFF_HEAP_FLOPS) {
      // a big layer: nothing pinned while the GC waits. Small layers stay on the heap: their calls
      // pin for milliseconds, less than copying off the heap costs
      return new Reduction.Solved(OffHeapGram.eigenvalues(w));
    }
    double[] g = gram(w);
    return SymmetricEigen.reduceInPlace(g, w.minDim());
  }

  /** The Gram matrix of the smaller side, its {@link GramTriangle} filled (column-major, m×m). */
  double[] gram(DenseMatrix w) {
    int r = w.rows();
    int c = w.cols();
    int m = Math.min(r, c);
    int k = Math.max(r, c);
    double[] g = new double[Math.multiplyExact(m, m)];
    // r ≥ c: G = AᵀA; r < c: G = AAᵀ. The pure-Java dsyrk is plain loops, so without native
    // BLAS use dgemm, whose Java version is vectorised.
    try (BlasThreads.Lease cores = BlasThreads.enter(BlasThreads.threadIndependent(w.gramFlops()))) {
      if (nativeBlas) {
        blas.dsyrk(GramTriangle.NETLIB, r >= c ? "T" : "N", m, k, 1.0, w.data(), r, 0.0, g, m);
      } else if (r >= c) {
        blas.dgemm("T", "N", m, m, k, 1.0, w.data(), r, w.data(), r, 0.0, g, m);
      } else {
        // VectorBLAS vectorises only dgemm('T','N'): AAᵀ = BᵀB with B = Aᵀ is 30× faster than ('N','T')
        double[] b = transpose(w);
        blas.dgemm("T", "N", m, m, k, 1.0, b, k, b, k, 0.0, g, m);
      }
    }
    return g;
  }

  /** Aᵀ of a column-major matrix, column-major. */
  private static double[] transpose(DenseMatrix a) {
    int r = a.rows();
    int c = a.cols();
    double[] t = new double[a.data().length];
    for (int j = 0; j < c; j++) {
      for (int i = 0; i < r; i++) {
        t[j + i * c] = a.data()[i + j * r];
      }
    }
    return t;
  }

  @Override
  public double zeroThreshold(double lambdaMax, long n) {
    return RANK_TOLERANCE.zeroThreshold(lambdaMax, n);
  }

  /**
   * Eigenvalues, ascending and clamped at 0, of an m×m Gram matrix whose lower triangle is in
   * {@code gram} (column-major), which is destroyed. For Gram matrices summed elsewhere, e.g. over
   * row blocks by many executors.
   */
  public static double[] eigenvaluesOfGram(double[] gram, int m) throws SpectrumException {
    NativeLibraries.current();
    return SymmetricEigen.eigenvaluesInPlace(gram, m);
  }

  /**
   * Adds the Gram matrix of a block to {@code gram} (m×m, lower triangle, column-major): the block
   * holds {@code k} vectors of length {@code m}, stored so that BLAS sees it as column-major
   * m×k (G += A·Aᵀ) or k×m (G += AᵀA), as {@code layout} says.
   */
  public static void addGram(double[] gram, int m, double[] block, int k, BlockLayout layout) {
    NativeLibraries.current();
    BLAS blas = BLAS.getInstance();
    try (BlasThreads.Lease cores = BlasThreads.enter(BlasThreads.threadIndependent(DenseMatrix.gramFlops(m, k)))) {
      if (layout == BlockLayout.VECTORS_CONTIGUOUS) {
        blas.dsyrk(GramTriangle.NETLIB, "N", m, k, 1.0, block, m, 1.0, gram, m);
      } else {
        blas.dsyrk(GramTriangle.NETLIB, "T", m, k, 1.0, block, k, 1.0, gram, m);
      }
    }
  }

  /** How a block's vectors lie in its array. */
  public enum BlockLayout {
    /** Vector j is block[j·m … j·m+m): each row of a row-major tensor whose rows have length m. */
    VECTORS_CONTIGUOUS,
    /** Element i of vector j is block[i·k + j]: a column slab of a row-major tensor, k columns wide. */
    VECTORS_STRIDED
  }
}
