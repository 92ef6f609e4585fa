package org.htsr.linalg;

import dev.ludovic.netlib.lapack.LAPACK;
import org.netlib.util.intW;

/**
 * The exact route, as WeightWatcher and scipy compute: singular values only by LAPACK
 * {@code dgesdd('N')} on W itself, λ = σ². Relative accuracy ≈ ε·σmax for every σ, so numerical
 * ranks use WeightWatcher's tolerance σmax·N·ε, i.e. λ ≤ λmax·(N·ε)². About 4× slower than
 * {@link GramEigenSolver}, and it copies W (dgesdd overwrites its input).
 */
public final class SvdSolver implements SpectrumSolver {

  public static final String NAME = "svd-dgesdd";

  private final LAPACK lapack;

  public SvdSolver() {
    NativeLibraries.current();
    this.lapack = LAPACK.getInstance();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public double[] eigenvalues(DenseMatrix w) throws SpectrumException {
    int r = w.rows();
    int c = w.cols();
    int m = w.minDim();
    double[] a = w.data().clone();
    double[] s = new double[m];
    double[] dummy = new double[1];
    int[] iwork = new int[8 * m];
    intW info = new intW(0);
    double[] query = new double[1];
    lapack.dgesdd("N", r, c, a, r, s, dummy, 1, dummy, 1, query, -1, iwork, info);
    if (info.val != 0) {
      throw new SpectrumException("dgesdd workspace query failed, info=" + info.val);
    }
    int lwork = Math.max((int) query[0], 1);
    try (BlasThreads.Lease cores = BlasThreads.enter(BlasThreads.Kind.ONE_THREAD)) {
      lapack.dgesdd("N", r, c, a, r, s, dummy, 1, dummy, 1, new double[lwork], lwork, iwork, info);
    }
    if (info.val != 0) {
      throw new SpectrumException("dgesdd did not converge, info=" + info.val + " (" + r + "x" + c + ")");
    }
    // dgesdd returns σ descending; λ ascending
    double[] lambda = new double[m];
    for (int i = 0; i < m; i++) {
      double sigma = s[m - 1 - i];
      lambda[i] = sigma * sigma;
    }
    return lambda;
  }

  @Override
  public double zeroThreshold(double lambdaMax, long n) {
    double relative = n * Precision.EPSILON;
    return lambdaMax * relative * relative;
  }
}
