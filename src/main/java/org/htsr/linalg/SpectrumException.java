package org.htsr.linalg;

/** A LAPACK routine that reported failure (info ≠ 0): an expected, per-layer error. */
public final class SpectrumException extends Exception {

  private static final long serialVersionUID = 1L;

  public SpectrumException(String message) {
    super(message);
  }
}
