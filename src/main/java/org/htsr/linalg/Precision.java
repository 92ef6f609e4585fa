package org.htsr.linalg;

/** Machine constants. */
public final class Precision {

  /** float64 machine epsilon, 2^−52 (numpy's finfo(float64).eps). */
  public static final double EPSILON = Math.ulp(1.0);

  private Precision() {}
}
