package org.htsr.linalg;

import java.util.Locale;

/** The {@code --solver} option. */
public enum SolverChoice {
  /** Gram + dsytrd + dsterf for layers that fit one executor; the distributed route above the threshold. */
  AUTO,
  /** Always Gram + dsytrd + dsterf (or the two-stage reduction), locally. */
  GRAM,
  /** Always dgesdd on W, locally: exact small singular values and ranks. */
  SVD,
  /** Always the distributed route (Spark). */
  DISTRIBUTED;

  public static SolverChoice parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException unknown) {
      throw new IllegalArgumentException(
          "unknown solver '" + value + "': expected auto, gram, svd or distributed", unknown);
    }
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
