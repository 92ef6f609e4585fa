package org.htsr.linalg;

import java.util.Arrays;

/**
 * LAPACK's {@code dsterf} (the Pal–Walker–Kahan QL/QR iteration: all eigenvalues of a symmetric
 * tridiagonal matrix) in Java, so that two matrices' sweeps run interleaved in one loop. Each
 * sweep is a chain of dependent divisions, so one matrix leaves the core mostly waiting; two
 * independent chains fill it: at n = 256 a matrix takes 0.59 ms in a pair against 0.89 ms by
 * LAPACK's routine, or 0.93 ms by this one alone (docs/benchmarks.md P).
 *
 * <p>The port follows dsterf statement by statement (LAPACK 3.12: the block split, QL or QR by
 * block, the shift, {@code dlae2} for 2×2 blocks, {@code dlapy2}, 30·n iterations at most, the
 * final sort), with Fortran's 1-based indices on arrays one longer, and gives LAPACK's bits
 * ({@code PalWalkerKahanTest}). Not ported: the scaling of blocks whose largest element is below
 * √safmin/ε² or above √safmax/3 ({@code dlascl}); such a matrix is handed to LAPACK's dsterf.
 */
final class PalWalkerKahan {

  private static final double EPS = Math.scalb(1.0, -53); // dlamch('E')
  private static final double EPS2 = EPS * EPS;
  private static final double SAFMIN = Double.MIN_NORMAL; // dlamch('S')
  private static final double SSFMAX = Math.sqrt(1 / SAFMIN) / 3;
  private static final double SSFMIN = Math.sqrt(SAFMIN) / EPS2;
  private static final int MAXIT = 30;

  private PalWalkerKahan() {}

  /** What became of a matrix. */
  enum Outcome {
    /** Its eigenvalues, ascending, are in {@link Problem#values()}. */
    SOLVED,
    /** A block needs dsterf's scaling, which is not ported: solve it with LAPACK. */
    NEEDS_SCALING,
    /** 30·n iterations did not find every eigenvalue (dsterf's info &gt; 0). */
    NOT_CONVERGED
  }

  /** Solves every problem, two at a time: whenever both have a sweep to do, they run interleaved. */
  static void solve(Problem[] problems) {
    int next = 0;
    Problem a = null;
    Problem b = null;
    while (true) {
      if (a == null && next < problems.length) {
        a = problems[next++];
      }
      if (b == null && next < problems.length) {
        b = problems[next++];
      }
      if (a == null && b == null) {
        return;
      }
      boolean sweepA = a != null && a.nextSweep();
      boolean sweepB = b != null && b.nextSweep();
      if (sweepA && sweepB) {
        sweeps(a, b);
      } else if (sweepA) {
        sweep(a);
      } else if (sweepB) {
        sweep(b);
      }
      a = sweepA ? a : null;
      b = sweepB ? b : null;
    }
  }

  /** One matrix's iteration: its state between sweeps, as dsterf's labels 10–170 keep it. */
  static final class Problem {
    private enum Step { SPLIT, QL, QR, UNDO, OVER }

    private final double[] d; // d[1..n]: the diagonal, then the eigenvalues
    private final double[] e; // e[1..n-1]: the off-diagonal, squared once its block starts
    private final int n;
    private final int maxIterations;
    private Step step = Step.SPLIT;
    private Outcome outcome;
    private int l1 = 1;
    private int l;
    private int lend;
    private int lsv;
    private int lendsv;
    private int iterations;
    // the sweep that nextSweep() prepared
    private int m;
    private double sigma;
    private double gamma;
    private double p;

    /** A copy of the matrix (n diagonal elements, n − 1 off it), so that the caller's stays whole. */
    Problem(double[] diagonal, double[] offDiagonal) {
      n = diagonal.length;
      d = new double[n + 1];
      e = new double[n + 1];
      System.arraycopy(diagonal, 0, d, 1, n);
      System.arraycopy(offDiagonal, 0, e, 1, Math.max(0, n - 1));
      maxIterations = n * MAXIT;
      if (n <= 1) {
        step = Step.OVER;
        outcome = Outcome.SOLVED;
      }
    }

    Outcome outcome() {
      return outcome;
    }

    /** The eigenvalues, ascending ({@link Outcome#SOLVED}). */
    double[] values() {
      return Arrays.copyOfRange(d, 1, n + 1);
    }

    /** How many off-diagonal elements have not converged to zero (dsterf's info when it fails). */
    int unconverged() {
      int count = 0;
      for (int i = 1; i <= n - 1; i++) {
        if (e[i] != 0) {
          count++;
        }
      }
      return count;
    }

    /** Runs dsterf's control flow up to its next sweep (true), or to its end (false). */
    boolean nextSweep() {
      while (true) {
        switch (step) {
          case SPLIT -> split();
          case QL -> {
            if (prepareQl()) {
              return true;
            }
          }
          case QR -> {
            if (prepareQr()) {
              return true;
            }
          }
          case UNDO -> undo();
          case OVER -> {
            return false;
          }
        }
      }
    }

    /** Label 10: the next block, squared, and QL or QR for it. */
    private void split() {
      if (l1 > n) {
        Arrays.sort(d, 1, n + 1); // dlasrt('I')
        finish(Outcome.SOLVED);
        return;
      }
      if (l1 > 1) {
        e[l1 - 1] = 0;
      }
      int end = n;
      for (int i = l1; i <= n - 1; i++) {
        if (Math.abs(e[i]) <= (Math.sqrt(Math.abs(d[i])) * Math.sqrt(Math.abs(d[i + 1]))) * EPS) {
          e[i] = 0;
          end = i;
          break;
        }
      }
      l = l1;
      lsv = l;
      lend = end;
      lendsv = lend;
      l1 = end + 1;
      if (lend == l) {
        return;
      }
      double norm = 0; // dlanst('M') of the block
      for (int i = l; i <= lend; i++) {
        norm = larger(norm, Math.abs(d[i]));
      }
      for (int i = l; i <= lend - 1; i++) {
        norm = larger(norm, Math.abs(e[i]));
      }
      if (norm == 0) {
        return;
      }
      if (!(norm >= SSFMIN && norm <= SSFMAX)) {
        finish(Outcome.NEEDS_SCALING);
        return;
      }
      for (int i = l; i <= lend - 1; i++) {
        e[i] = e[i] * e[i];
      }
      if (Math.abs(d[lend]) < Math.abs(d[l])) {
        lend = lsv;
        l = lendsv;
      }
      step = lend >= l ? Step.QL : Step.QR;
    }

    /** Labels 50–90: deflates what has converged, then prepares a QL sweep (true) or leaves the block. */
    private boolean prepareQl() {
      int end = lend;
      if (l != lend) {
        for (int i = l; i <= lend - 1; i++) {
          if (Math.abs(e[i]) <= EPS2 * Math.abs(d[i] * d[i + 1])) {
            end = i;
            break;
          }
        }
      }
      if (end < lend) {
        e[end] = 0;
      }
      double top = d[l];
      if (end == l) {
        d[l] = top;
        l = l + 1;
        step = l <= lend ? Step.QL : Step.UNDO;
        return false;
      }
      if (end == l + 1) {
        twoByTwo(l, l + 1, l);
        l = l + 2;
        step = l <= lend ? Step.QL : Step.UNDO;
        return false;
      }
      return shift(end, top, l + 1, l);
    }

    /** Labels 100–140: the same from the bottom of the block. */
    private boolean prepareQr() {
      int end = lend;
      for (int i = l; i >= lend + 1; i--) {
        if (Math.abs(e[i - 1]) <= EPS2 * Math.abs(d[i] * d[i - 1])) {
          end = i;
          break;
        }
      }
      if (end > lend) {
        e[end - 1] = 0;
      }
      double top = d[l];
      if (end == l) {
        d[l] = top;
        l = l - 1;
        step = l >= lend ? Step.QR : Step.UNDO;
        return false;
      }
      if (end == l - 1) {
        twoByTwo(l, l - 1, l - 1);
        l = l - 2;
        step = l >= lend ? Step.QR : Step.UNDO;
        return false;
      }
      return shift(end, top, l - 1, l - 1);
    }

    /** The 2×2 block of d[first], d[second] with e[offDiagonal] (squared): dlae2. */
    private void twoByTwo(int first, int second, int offDiagonal) {
      double rte = Math.sqrt(e[offDiagonal]);
      double a = d[first];
      double c = d[second];
      double sm = a + c;
      double df = a - c;
      double adf = Math.abs(df);
      double tb = rte + rte;
      double ab = Math.abs(tb);
      double acmx = Math.abs(a) > Math.abs(c) ? a : c;
      double acmn = Math.abs(a) > Math.abs(c) ? c : a;
      double rt;
      if (adf > ab) {
        rt = adf * Math.sqrt(1 + (ab / adf) * (ab / adf));
      } else if (adf < ab) {
        rt = ab * Math.sqrt(1 + (adf / ab) * (adf / ab));
      } else {
        rt = ab * Math.sqrt(2.0);
      }
      double rt1;
      double rt2;
      if (sm < 0) {
        rt1 = 0.5 * (sm - rt);
        rt2 = (acmx / rt1) * acmn - (rte / rt1) * rte;
      } else if (sm > 0) {
        rt1 = 0.5 * (sm + rt);
        rt2 = (acmx / rt1) * acmn - (rte / rt1) * rte;
      } else {
        rt1 = 0.5 * rt;
        rt2 = -0.5 * rt;
      }
      d[first] = rt1;
      d[second] = rt2;
      e[offDiagonal] = 0;
    }

    /** The shift from d[l], d[next] and e[offDiagonal], and the sweep's start at d[end]; false when out of iterations. */
    private boolean shift(int end, double top, int next, int offDiagonal) {
      if (iterations == maxIterations) {
        step = Step.UNDO;
        return false;
      }
      iterations++;
      double rte = Math.sqrt(e[offDiagonal]);
      double s = (d[next] - top) / (2 * rte);
      double r = dlapy2(s, 1);
      sigma = top - (rte / (s + Math.copySign(r, s)));
      m = end;
      gamma = d[end] - sigma;
      p = gamma * gamma;
      return true;
    }

    /** Label 150: the next block, or the end when the iterations ran out. */
    private void undo() {
      if (iterations < maxIterations) {
        step = Step.SPLIT;
        return;
      }
      finish(Outcome.NOT_CONVERGED);
    }

    private void finish(Outcome result) {
      outcome = result;
      step = Step.OVER;
    }

    private boolean ql() {
      return step == Step.QL;
    }

    /** The sweep's first index: it walks down from m − 1 to l (QL) or up from m to l − 1 (QR). */
    private int first() {
      return ql() ? m - 1 : m;
    }

    private int length() {
      return ql() ? m - l : l - m;
    }

    private int direction() {
      return ql() ? -1 : 1;
    }

    /** Where each step reads its diagonal element, relative to its index: d[i] (QL), d[i+1] (QR). */
    private int readOffset() {
      return ql() ? 0 : 1;
    }

    private void endSweep(double s, double lastP, double lastGamma) {
      e[ql() ? l : l - 1] = s * lastP;
      d[l] = sigma + lastGamma;
    }
  }

  /** One sweep alone (dsterf's loop 80 or 130). */
  private static void sweep(Problem a) {
    sweepFrom(a, 0, 1, 0, a.gamma, a.p);
  }

  /**
   * The rest of a sweep from its step {@code k}, with the values its steps carry ({@code c},
   * {@code s}, γ, p; at step 0: 1, 0 and those {@link Problem#nextSweep} prepared), then its end.
   */
  private static void sweepFrom(Problem a, int k, double c, double s, double gamma, double p) {
    double[] d = a.d;
    double[] e = a.e;
    int dir = a.direction();
    int read = a.readOffset();
    int write = 1 - read;
    double sigma = a.sigma;
    for (int i = a.first() + k * dir, length = a.length(); k < length; k++, i += dir) {
      double bb = e[i];
      double r = p + bb;
      if (k != 0) {
        e[i - dir] = s * r;
      }
      double oldc = c;
      c = p / r;
      s = bb / r;
      double oldgam = gamma;
      double alpha = d[i + read];
      gamma = c * (alpha - sigma) - s * oldgam;
      d[i + write] = oldgam + (alpha - gamma);
      p = c != 0 ? (gamma * gamma) / c : oldc * bb;
    }
    a.endSweep(s, p, gamma);
  }

  /**
   * Two sweeps in one loop while both last, each step the statements of {@link #sweepFrom} for
   * each; then the longer one's rest alone.
   */
  private static void sweeps(Problem a, Problem b) {
    double[] da = a.d;
    double[] ea = a.e;
    double[] db = b.d;
    double[] eb = b.e;
    int dirA = a.direction();
    int dirB = b.direction();
    int readA = a.readOffset();
    int readB = b.readOffset();
    int writeA = 1 - readA;
    int writeB = 1 - readB;
    int ia = a.first();
    int ib = b.first();
    double sigmaA = a.sigma;
    double sigmaB = b.sigma;
    double gammaA = a.gamma;
    double gammaB = b.gamma;
    double pA = a.p;
    double pB = b.p;
    double cA = 1;
    double cB = 1;
    double sA = 0;
    double sB = 0;
    int k = 0;
    for (int both = Math.min(a.length(), b.length()); k < both; k++, ia += dirA, ib += dirB) {
      double bbA = ea[ia];
      double bbB = eb[ib];
      double rA = pA + bbA;
      double rB = pB + bbB;
      if (k != 0) {
        ea[ia - dirA] = sA * rA;
        eb[ib - dirB] = sB * rB;
      }
      double oldcA = cA;
      double oldcB = cB;
      cA = pA / rA;
      cB = pB / rB;
      sA = bbA / rA;
      sB = bbB / rB;
      double oldgamA = gammaA;
      double oldgamB = gammaB;
      double alphaA = da[ia + readA];
      double alphaB = db[ib + readB];
      gammaA = cA * (alphaA - sigmaA) - sA * oldgamA;
      gammaB = cB * (alphaB - sigmaB) - sB * oldgamB;
      da[ia + writeA] = oldgamA + (alphaA - gammaA);
      db[ib + writeB] = oldgamB + (alphaB - gammaB);
      pA = cA != 0 ? (gammaA * gammaA) / cA : oldcA * bbA;
      pB = cB != 0 ? (gammaB * gammaB) / cB : oldcB * bbB;
    }
    sweepFrom(a, k, cA, sA, gammaA, pA); // at most one of the two has steps left
    sweepFrom(b, k, cB, sB, gammaB, pB);
  }

  /** LAPACK's dlapy2: √(x² + y²) without overflow. */
  static double dlapy2(double x, double y) {
    if (Double.isNaN(x)) {
      return x;
    }
    if (Double.isNaN(y)) {
      return y;
    }
    double w = Math.max(Math.abs(x), Math.abs(y));
    double z = Math.min(Math.abs(x), Math.abs(y));
    if (z == 0 || w > Double.MAX_VALUE) {
      return w;
    }
    return w * Math.sqrt(1 + (z / w) * (z / w));
  }

  /** The larger of the two, NaN once either is (dlanst's DISNAN test). */
  private static double larger(double max, double v) {
    return v <= max || Double.isNaN(max) ? max : v;
  }
}
