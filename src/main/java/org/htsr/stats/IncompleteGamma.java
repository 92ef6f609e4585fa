package org.htsr.stats;

/**
 * The upper incomplete gamma function Γ(a, z) = ∫_z^∞ t^(a−1) e^(−t) dt for real a ≤ ½ (negative
 * included) and z &gt; 0, to about 1e-14 relative: what the truncated power law's normaliser
 * needs (a = 1 − α &lt; 0). powerlaw evaluates it with mpmath and rounds to double; this gives the
 * same double up to the last few bits.
 *
 * <ul>
 *   <li>z ≥ 1: the continued fraction Γ(a, z) = e^(−z) z^a / (z + 1 − a − 1(1 − a)/(z + 3 − a −
 *       2(2 − a)/(z + 5 − a − …))), evaluated by the modified Lentz method (Numerical Recipes
 *       §6.2).
 *   <li>z &lt; 1: shift a to s = a + k ∈ (−½, ½] and use Γ(s, z) = (Γ(1 + s) − 1)/s − (z^s −
 *       1)/s − z^s Σ_{j≥1} (−z)^j / (j! (s + j)) (A&amp;S 6.5.29 rearranged so that s → 0 has no
 *       cancellation; ln Γ(1 + s) by A&amp;S 6.1.33), then step down with Γ(b, z) = (Γ(b + 1, z) −
 *       z^b e^(−z))/b, b = s − 1, …, a; |b| ≥ ½ keeps that subtraction benign.
 * </ul>
 */
final class IncompleteGamma {

  private static final double EULER_GAMMA = 0.5772156649015329;
  /** ζ(k) − 1 for k = 2…30 (mpmath, 40 digits, rounded). */
  private static final double[] ZETA_MINUS_ONE = {
    0.6449340668482264, 0.2020569031595943, 0.08232323371113819, 0.03692775514336993,
    0.01734306198444914, 0.008349277381922827, 0.00407735619794434, 0.0020083928260822143,
    0.0009945751278180853, 0.0004941886041194645, 0.0002460865533080483, 0.00012271334757848915,
    6.124813505870483e-05, 3.058823630702049e-05, 1.528225940865187e-05, 7.637197637899763e-06,
    3.81729326499984e-06, 1.908212716553939e-06, 9.539620338727962e-07, 4.769329867878064e-07,
    2.38450502727733e-07, 1.1921992596531106e-07, 5.960818905125948e-08, 2.980350351465228e-08,
    1.4901554828365043e-08, 7.45071178983543e-09, 3.725334024788457e-09, 1.862659723513049e-09,
    9.313274324196682e-10
  };
  private static final double EPSILON = 1e-16;
  private static final int MAX_TERMS = 10_000;
  private static final double TINY = 1e-300;

  private IncompleteGamma() {}

  /** Γ(a, z) for a ≤ ½, z &gt; 0; 0 where it underflows, +∞ where it overflows. */
  static double upper(double a, double z) {
    if (!(a <= 0.5) || !(z > 0)) {
      throw new IllegalArgumentException("upper incomplete gamma needs a <= 0.5 and z > 0, got a=" + a + " z=" + z);
    }
    return z >= 1 ? continuedFraction(a, z) : seriesAndRecurrence(a, z);
  }

  private static double continuedFraction(double a, double z) {
    double b = z + 1 - a;
    double c = 1 / TINY;
    double d = 1 / b;
    double h = d;
    for (int i = 1; i <= MAX_TERMS; i++) {
      double an = -i * (i - a);
      b += 2;
      d = an * d + b;
      if (Math.abs(d) < TINY) {
        d = TINY;
      }
      c = b + an / c;
      if (Math.abs(c) < TINY) {
        c = TINY;
      }
      d = 1 / d;
      double delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1) < EPSILON) {
        break;
      }
    }
    return Math.exp(-z + a * Math.log(z)) * h;
  }

  private static double seriesAndRecurrence(double a, double z) {
    // the number of downward steps that brings s = a + k into (−½, ½]
    int k = a > -0.5 ? 0 : (int) Math.floor(-a - 0.5) + 1;
    double s = a + k;
    double lnZ = Math.log(z);
    double g = baseSeries(s, z, lnZ);
    double ez = Math.exp(-z);
    for (int i = 1; i <= k; i++) {
      double b = s - i;
      g = (g - Math.exp(b * lnZ) * ez) / b;
    }
    return g;
  }

  /** Γ(s, z) for s ∈ (−½, ½], 0 &lt; z &lt; 1. */
  private static double baseSeries(double s, double z, double lnZ) {
    double gammaPart = s == 0 ? -EULER_GAMMA : Math.expm1(lnGammaOnePlus(s)) / s;
    double powerPart = s == 0 ? lnZ : Math.expm1(s * lnZ) / s;
    double sum = 0;
    double term = 1;
    for (int j = 1; j <= MAX_TERMS; j++) {
      term *= -z / j;
      double add = term / (s + j);
      sum += add;
      if (Math.abs(add) < EPSILON * Math.abs(sum)) {
        break;
      }
    }
    return gammaPart - powerPart - Math.exp(s * lnZ) * sum;
  }

  /** ln Γ(1 + s) = −ln(1 + s) + s(1 − γ) + Σ_{k≥2} (−1)^k (ζ(k) − 1) s^k / k (A&amp;S 6.1.33), |s| ≤ ½. */
  static double lnGammaOnePlus(double s) {
    double sum = -Math.log1p(s) + s * (1 - EULER_GAMMA);
    double power = -s;
    for (int k = 2; k < 2 + ZETA_MINUS_ONE.length; k++) {
      power *= -s;
      sum += ZETA_MINUS_ONE[k - 2] * power / k;
    }
    return sum;
  }
}
