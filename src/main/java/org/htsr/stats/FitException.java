package org.htsr.stats;

/** A fit that cannot be made for this data: an expected, per-layer outcome. */
public final class FitException extends Exception {

  private static final long serialVersionUID = 1L;

  public FitException(String message) {
    super(message);
  }
}
