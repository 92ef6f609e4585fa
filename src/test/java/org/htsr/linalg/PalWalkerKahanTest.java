package org.htsr.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ludovic.netlib.lapack.LAPACK;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.netlib.util.intW;

/**
 * The Java dsterf gives LAPACK's dsterf bits, alone and two at a time (sweeps of different
 * lengths and directions interleaved), on the tridiagonal forms of Gram matrices and on matrices
 * that exercise its other paths: splits, 2×2 blocks, QR sweeps, indefinite matrices, and blocks
 * dsterf would scale (handed to LAPACK). Runs on the bundled OpenBLAS and on netlib's Java LAPACK.
 */
class PalWalkerKahanTest {

  static {
    NativeLibraries.current(); // the library htsr uses, before netlib picks one of its own
  }

  @Test
  void aloneItGivesLapacksBits() {
    for (Reduction.Tridiagonal t : matrices()) {
      PalWalkerKahan.Problem problem = new PalWalkerKahan.Problem(t.diagonal(), t.offDiagonal());
      PalWalkerKahan.solve(new PalWalkerKahan.Problem[] {problem});
      assertSame(PalWalkerKahan.Outcome.SOLVED, problem.outcome(), describe(t));
      assertArrayEquals(lapack(t), problem.values(), describe(t));
    }
  }

  @Test
  void twoAtATimeTheyGiveLapacksBits() {
    List<Reduction.Tridiagonal> all = matrices();
    // every matrix beside every other: different lengths, directions and numbers of sweeps
    for (int shift = 1; shift < all.size(); shift++) {
      PalWalkerKahan.Problem[] problems = new PalWalkerKahan.Problem[all.size()];
      List<Reduction.Tridiagonal> order = new ArrayList<>();
      for (int i = 0; i < all.size(); i++) {
        Reduction.Tridiagonal t = all.get((i * shift) % all.size());
        order.add(t);
        problems[i] = new PalWalkerKahan.Problem(t.diagonal(), t.offDiagonal());
      }
      PalWalkerKahan.solve(problems);
      for (int i = 0; i < problems.length; i++) {
        assertArrayEquals(lapack(order.get(i)), problems[i].values(), "shift " + shift + ": " + describe(order.get(i)));
      }
    }
  }

  @Test
  void theCallersMatrixStaysWhole() {
    Reduction.Tridiagonal t = gramTridiagonal(40, 90, 5);
    double[] d = t.diagonal().clone();
    double[] e = t.offDiagonal().clone();
    Reductions.solveAll(List.of(t));
    assertArrayEquals(d, t.diagonal());
    assertArrayEquals(e, t.offDiagonal());
  }

  @Test
  void blocksDsterfWouldScaleGoToLapack() throws SpectrumException {
    for (double factor : new double[] {1e-140, 1e160}) {
      Reduction.Tridiagonal t = scaled(gramTridiagonal(30, 70, 9), factor);
      PalWalkerKahan.Problem problem = new PalWalkerKahan.Problem(t.diagonal(), t.offDiagonal());
      PalWalkerKahan.solve(new PalWalkerKahan.Problem[] {problem});
      assertSame(PalWalkerKahan.Outcome.NEEDS_SCALING, problem.outcome(), "factor " + factor);
      double[] viaReductions = Reductions.solveAll(List.of(t)).get(0).eigenvalues();
      assertArrayEquals(SymmetricEigen.clamped(lapack(t)), viaReductions, "factor " + factor);
    }
  }

  @Test
  void solveAllKeepsOrderAndLeavesSolvedReductionsAlone() throws SpectrumException {
    Reduction solved = new Reduction.Solved(new double[] {1, 2});
    Reduction failed = new Reduction.Failed("dsyevd did not converge");
    Reduction.Tridiagonal a = gramTridiagonal(20, 50, 1);
    Reduction.Tridiagonal b = gramTridiagonal(33, 40, 2);
    List<Reduction> out = Reductions.solveAll(List.of(a, solved, failed, b));
    assertEquals(4, out.size());
    assertArrayEquals(SymmetricEigen.clamped(lapack(a)), out.get(0).eigenvalues());
    assertSame(solved, out.get(1));
    assertSame(failed, out.get(2));
    assertArrayEquals(SymmetricEigen.clamped(lapack(b)), out.get(3).eigenvalues());
    assertThrows(SpectrumException.class, () -> out.get(2).eigenvalues());
    assertThrows(IllegalStateException.class, a::eigenvalues);
  }

  @Test
  void dlapy2() {
    assertEquals(5, PalWalkerKahan.dlapy2(3, 4));
    assertEquals(5, PalWalkerKahan.dlapy2(-4, 3));
    assertEquals(1e300 * Math.sqrt(2), PalWalkerKahan.dlapy2(1e300, 1e300), 1e285); // no overflow
    assertEquals(0, PalWalkerKahan.dlapy2(0, 0));
    assertTrue(Double.isNaN(PalWalkerKahan.dlapy2(Double.NaN, 1)));
  }

  /** The matrices every test runs: their eigenvalues by LAPACK are the reference. */
  private static List<Reduction.Tridiagonal> matrices() {
    List<Reduction.Tridiagonal> all = new ArrayList<>();
    all.add(new Reduction.Tridiagonal(new double[] {3}, new double[0]));
    all.add(new Reduction.Tridiagonal(new double[] {2, -1}, new double[] {0.5})); // one 2×2 block
    for (int n : new int[] {3, 5, 17, 64, 256, 300}) {
      all.add(gramTridiagonal(n, 2 * n + 7, n)); // the zoo's kind, n = 256 as its layers
    }
    all.add(gramTridiagonal(120, 40, 3)); // rank 40 of 120: a block of zeros splits off
    SplittableRandom random = new SplittableRandom(17);
    double[] d = new double[80];
    double[] e = new double[79];
    for (int i = 0; i < d.length; i++) {
      d[i] = random.nextGaussian() * 10; // indefinite
    }
    for (int i = 0; i < e.length; i++) {
      e[i] = i % 13 == 0 ? 0 : random.nextGaussian(); // zeros: splits into blocks
    }
    all.add(new Reduction.Tridiagonal(d, e));
    double[] graded = new double[60];
    double[] gradedOff = new double[59];
    for (int i = 0; i < graded.length; i++) {
      graded[i] = Math.pow(10, -i / 6.0); // the largest at the top: QR sweeps from the bottom
    }
    for (int i = 0; i < gradedOff.length; i++) {
      gradedOff[i] = 0.3 * Math.pow(10, -i / 6.0);
    }
    all.add(new Reduction.Tridiagonal(graded, gradedOff));
    double[] reversed = new double[60];
    for (int i = 0; i < reversed.length; i++) {
      reversed[i] = graded[graded.length - 1 - i];
    }
    double[] reversedOff = new double[59];
    for (int i = 0; i < reversedOff.length; i++) {
      reversedOff[i] = gradedOff[gradedOff.length - 1 - i];
    }
    all.add(new Reduction.Tridiagonal(reversed, reversedOff));
    return all;
  }

  private static Reduction.Tridiagonal gramTridiagonal(int n, int k, long seed) {
    double[] g = SpikedGram.of(n, k, seed);
    double[] d = new double[n];
    double[] e = new double[Math.max(1, n - 1)];
    double[] tau = new double[Math.max(1, n - 1)];
    intW info = new intW(0);
    LAPACK.getInstance().dsytrd("L", n, g, n, d, e, tau, new double[n * 16], n * 16, info);
    return new Reduction.Tridiagonal(d, n == 1 ? new double[0] : e);
  }

  private static Reduction.Tridiagonal scaled(Reduction.Tridiagonal t, double factor) {
    double[] d = t.diagonal().clone();
    double[] e = t.offDiagonal().clone();
    for (int i = 0; i < d.length; i++) {
      d[i] *= factor;
    }
    for (int i = 0; i < e.length; i++) {
      e[i] *= factor;
    }
    return new Reduction.Tridiagonal(d, e);
  }

  private static double[] lapack(Reduction.Tridiagonal t) {
    double[] d = t.diagonal().clone();
    double[] e = t.offDiagonal().length == 0 ? new double[1] : t.offDiagonal().clone();
    intW info = new intW(0);
    LAPACK.getInstance().dsterf(d.length, d, e, info);
    assertEquals(0, info.val);
    return d;
  }

  private static String describe(Reduction.Tridiagonal t) {
    return "n=" + t.diagonal().length + ", d[0]=" + (t.diagonal().length > 0 ? t.diagonal()[0] : "-");
  }
}
