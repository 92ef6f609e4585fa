package org.htsr.linalg;

import java.util.Locale;

/** Where the BLAS/LAPACK a JVM runs on came from, as runs.blas and the start-up line say. */
public enum BlasOrigin {
  BUNDLED,
  SYSTEM,
  PURE_JAVA;

  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }
}
