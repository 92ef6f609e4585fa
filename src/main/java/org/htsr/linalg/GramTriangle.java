package org.htsr.linalg;

import org.bytedeco.openblas.global.openblas;

/**
 * The triangle of a Gram matrix that every route fills ({@code dsyrk}) and LAPACK reads: the
 * lower one. LAPACK's reductions to tridiagonal form run faster on it than on the upper one, with
 * the same flops: 7–12 % for {@code dsyevd} at 1024–2048, 20–27 % for {@code dsyevd_2stage} at
 * 3072–4096 (the upper variant's first stage works through LQ factorisations of row panels;
 * docs/benchmarks.md J).
 */
final class GramTriangle {

  /** As netlib's Fortran-style interface names it. */
  static final String NETLIB = "L";
  /** As LAPACKE names it. */
  static final byte LAPACKE = 'L';
  /** As CBLAS names it. */
  static final int CBLAS = openblas.CblasLower;

  private GramTriangle() {}
}
