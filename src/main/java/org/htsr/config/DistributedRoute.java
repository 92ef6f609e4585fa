package org.htsr.config;

import java.util.Locale;

/** The {@code --distributed-route} option: how a layer too large for one executor is solved. */
public enum DistributedRoute {
  /** Blocked dsyrk per executor, partial Gram matrices summed, dsyevd on one executor. */
  GRAM,
  /** MLlib's RowMatrix.computeSVD: a cross-check (M &lt; 17,515). */
  ROWMATRIX;

  /** The name given to the option and stored in {@code solver} as {@code distributed-<label>}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static DistributedRoute parse(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    for (DistributedRoute route : values()) {
      if (route.label().equals(v)) {
        return route;
      }
    }
    throw new IllegalArgumentException("unknown --distributed-route '" + value + "': expected gram or rowmatrix");
  }
}
