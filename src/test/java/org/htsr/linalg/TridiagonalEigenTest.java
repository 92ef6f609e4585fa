package org.htsr.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ludovic.netlib.lapack.LAPACK;
import org.bytedeco.javacpp.DoublePointer;
import org.netlib.util.intW;
import org.junit.jupiter.api.Test;

/**
 * dsytrd then dsterf is what dsyevd('N') computes: with dsyevd's panels the same bits, with
 * htsr's narrower ones the same eigenvalues to rounding; matrices dsyevd scales first go to it.
 * The tridiagonal matrix on the heap goes to the Java dsterf ({@link Reductions}), off the heap to
 * LAPACKE's. Runs on the bundled OpenBLAS and, in the pure-Java execution, on netlib's Java LAPACK.
 */
class TridiagonalEigenTest {

  // htsr's library choice first: netlib alone would load the system's LAPACK, and the bundled
  // LAPACKE's JNI library would then bind to it
  private static final LAPACK LAPACK_ = NativeLibraries.current() != null ? LAPACK.getInstance() : null;

  // 1 and 2: no reduction; 31–33: around ILAENV's crossover to the unblocked code; 256: the zoo's
  // layers, blocked with 16- and 32-wide panels; 300: the last panel short
  private static final int[] ORDERS = {1, 2, 17, 31, 32, 33, 100, 256, 300};

  @Test
  void withDsyevdsPanelsItGivesDsyevdsBits() throws SpectrumException {
    for (int n : ORDERS) {
      double[] g = SpikedGram.of(n, 3 * n + 1, 7 + n);
      double[] dsyevd = SymmetricEigen.netlib(LAPACK_, g.clone(), n);
      Reduction.Tridiagonal t = (Reduction.Tridiagonal) TridiagonalEigen.reduce(LAPACK_, g.clone(), n, dsyevdsPanel(n));
      double[] d = t.diagonal().clone();
      LAPACK_.dsterf(n, d, t.offDiagonal().length == 0 ? new double[1] : t.offDiagonal().clone(), new intW(0));
      assertArrayEquals(dsyevd, d, "n=" + n + ": LAPACK's dsterf");
      assertArrayEquals(SymmetricEigen.clamped(dsyevd), Reductions.eigenvalues(t), "n=" + n + ": htsr's dsterf");
    }
  }

  @Test
  void withHtsrsPanelsItGivesDsyevdsEigenvaluesToRounding() throws SpectrumException {
    boolean anyBitDiffers = false;
    for (int n : ORDERS) {
      double[] g = SpikedGram.of(n, 4 * n, 11 + n);
      double[] dsyevd = SymmetricEigen.netlib(LAPACK_, g.clone(), n);
      double[] narrow = Reductions.eigenvalues(TridiagonalEigen.reduce(LAPACK_, g.clone(), n, TridiagonalEigen.PANEL));
      double lambdaMax = dsyevd[n - 1];
      for (int i = 0; i < n; i++) {
        // measured: at most 2.3e-15·λmax at n = 256 (docs/benchmarks.md P)
        assertEquals(Math.max(0, dsyevd[i]), narrow[i], 1e-13 * lambdaMax, "n=" + n + " eigenvalue " + i);
        anyBitDiffers |= Math.max(0, dsyevd[i]) != narrow[i];
      }
    }
    // the 16-wide panels were in effect: otherwise this test compares dsyevd with itself
    assertTrue(anyBitDiffers, "16-wide panels gave dsyevd's bits for every order");
  }

  @Test
  void offTheHeapItGivesTheHeapsBits() throws SpectrumException {
    assumeTrue(NativeLibraries.hasLapacke(), "needs the bundled OpenBLAS's LAPACKE");
    for (int n : ORDERS) {
      double[] g = SpikedGram.of(n, 2 * n + 5, 13 + n);
      double[] onHeap = Reductions.eigenvalues(TridiagonalEigen.reduce(LAPACK_, g.clone(), n, TridiagonalEigen.PANEL));
      try (DoublePointer matrix = new DoublePointer(g)) {
        assertArrayEquals(onHeap, Reductions.eigenvalues(TridiagonalEigen.offHeap(matrix, n, TridiagonalEigen.PANEL)), "n=" + n);
      }
    }
  }

  @Test
  void matricesDsyevdScalesFirstGoToDsyevd() throws SpectrumException {
    int n = 40;
    double[] g = SpikedGram.of(n, 90, 3);
    for (double factor : new double[] {1e-300, 1e300 / 1e150}) {
      double[] scaled = g.clone();
      for (int i = 0; i < scaled.length; i++) {
        scaled[i] *= factor;
      }
      assertFalse(TridiagonalEigen.dsyevdLeavesUnscaled(TridiagonalEigen.maxAbsInTriangle(i -> scaled[i], n)), "factor " + factor);
      double[] dsyevd = SymmetricEigen.netlib(LAPACK_, scaled.clone(), n);
      Reduction reduced = TridiagonalEigen.reduce(LAPACK_, scaled.clone(), n, TridiagonalEigen.PANEL);
      assertTrue(reduced instanceof Reduction.Solved, "factor " + factor);
      assertArrayEquals(SymmetricEigen.clamped(dsyevd.clone()), reduced.eigenvalues(), "factor " + factor);
      if (NativeLibraries.hasLapacke()) {
        try (DoublePointer matrix = new DoublePointer(scaled)) {
          assertArrayEquals(SymmetricEigen.clamped(dsyevd.clone()), TridiagonalEigen.offHeap(matrix, n, TridiagonalEigen.PANEL).eigenvalues(), "off heap, factor " + factor);
        }
      }
    }
  }

  @Test
  void dsyevdsScalingThresholds() {
    assertEquals(Math.scalb(1.0, -485), TridiagonalEigen.SCALED_BELOW); // √(2⁻¹⁰²² / 2⁻⁵²)
    assertEquals(Math.scalb(1.0, 485), TridiagonalEigen.SCALED_ABOVE);
    assertTrue(TridiagonalEigen.dsyevdLeavesUnscaled(0));
    assertTrue(TridiagonalEigen.dsyevdLeavesUnscaled(1));
    assertTrue(TridiagonalEigen.dsyevdLeavesUnscaled(Math.scalb(1.0, -485)));
    assertTrue(TridiagonalEigen.dsyevdLeavesUnscaled(Math.scalb(1.0, 485)));
    assertFalse(TridiagonalEigen.dsyevdLeavesUnscaled(Math.nextDown(Math.scalb(1.0, -485))));
    assertFalse(TridiagonalEigen.dsyevdLeavesUnscaled(Math.nextUp(Math.scalb(1.0, 485))));
    assertFalse(TridiagonalEigen.dsyevdLeavesUnscaled(Double.NaN));
  }

  @Test
  void theGramsDiagonalDecidesOnlyWellInsideDsyevdsRange() {
    // column-major lower triangle: g11, g21, (upper), g22
    assertTrue(gramLeftUnscaled(new double[] {1, 0.5, 99, 2}));
    // a diagonal below dsyevd's range: the whole triangle decides, and it is below too
    double tiny = Math.scalb(1.0, -490);
    assertFalse(gramLeftUnscaled(new double[] {tiny, tiny / 2, 0, tiny}));
    // near the upper end the diagonal alone does not decide: here an element off it is larger
    // (not a Gram matrix, but the full scan must be what answers)
    double high = Math.pow(2, 484.5);
    assertTrue(gramLeftUnscaled(new double[] {high, high, 0, high}));
    assertFalse(gramLeftUnscaled(new double[] {high, Math.scalb(1.0, 486), 0, high}));
    // NaN on the diagonal: the scan finds it, and dsyevd decides what happens to it
    assertFalse(gramLeftUnscaled(new double[] {Double.NaN, 0, 0, 1}));
  }

  private static boolean gramLeftUnscaled(double[] twoByTwo) {
    return TridiagonalEigen.dsyevdLeavesGramUnscaled(i -> twoByTwo[i], 2);
  }

  @Test
  void theNormScanReadsTheLowerTriangleAndKeepsNaN() {
    int n = 3;
    // column-major: the upper triangle (rows above the diagonal) holds values LAPACK never reads
    double[] a = {1, -4, 2, 99, 3, 0.5, -99, 99, -2};
    assertEquals(4, TridiagonalEigen.maxAbsInTriangle(i -> a[i], n));
    a[5] = Double.NaN;
    assertTrue(Double.isNaN(TridiagonalEigen.maxAbsInTriangle(i -> a[i], n)));
    a[5] = 0.5;
    a[0] = Double.NaN; // the first element: NaN survives every later comparison
    assertTrue(Double.isNaN(TridiagonalEigen.maxAbsInTriangle(i -> a[i], n)));
  }

  /**
   * The panel width dsyevd gives dsytrd: what its workspace query asks for beyond its own 2n + 1.
   * ILAENV's 32 in the bundled LAPACK 3.12 ({@link TridiagonalEigen#DSYEVD_PANEL}); netlib's Java
   * LAPACK (3.1) asks for 2n + 1 only, so its dsyevd reduces unblocked (a panel of 1).
   */
  private static int dsyevdsPanel(int n) {
    double[] work = new double[1];
    int[] iwork = new int[1];
    LAPACK_.dsyevd("N", "L", n, new double[n * n], n, new double[n], work, -1, iwork, -1, new intW(0));
    int panel = Math.max(1, ((int) work[0] - 2 * n) / n);
    if (n > 1 && NativeLibraries.isNativeLapack()) {
      assertEquals(TridiagonalEigen.DSYEVD_PANEL, panel, "the bundled dsyevd's panel");
    }
    return panel;
  }
}
