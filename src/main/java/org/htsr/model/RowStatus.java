package org.htsr.model;

import java.util.Locale;

/** The {@code status} of a layer or checkpoint row: WeightWatcher's two values. */
public enum RowStatus {
  /** Analysed (a checkpoint's individual layers may still have failed). */
  SUCCESS,
  /** Not analysed, or a part failed; the row's {@code error} and {@code failures} say why. */
  FAILED;

  /** The value stored in the tables. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status a stored label names; anything but {@code success} is a failure. */
  public static RowStatus ofLabel(String label) {
    return SUCCESS.label().equals(label) ? SUCCESS : FAILED;
  }
}
