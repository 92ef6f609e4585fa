package org.htsr.model;

import java.util.Locale;

/** The {@code status} of a {@code runs} row. */
public enum RunStatus {
  /** The run went through (checkpoints may have failed: they are in {@code failures}). */
  COMPLETED,
  /** The run stopped before the end; stored as {@code failed: <reason>}. */
  FAILED;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The stored value: the label, and for a failed run the reason after a colon. */
  public String describe(String reason) {
    return this == COMPLETED ? label() : label() + ": " + reason;
  }
}
