package org.htsr.config;

/** The {@code --distributed-route} option: how a layer too large for one executor is solved. */
public enum DistributedRoute {
  /** Blocked dsyrk per executor, partial Gram matrices summed, their eigenvalues on one executor. */
  GRAM,
  /** MLlib's RowMatrix.computeSVD: a cross-check (M &lt; 17,515). */
  ROWMATRIX;

  /** The name given to the option and stored in {@code solver} as {@code distributed-<label>}. */
  public String label() {
    return EnumOptions.lowerCase(this);
  }

  public static DistributedRoute parse(String value) {
    return EnumOptions.parse(DistributedRoute.class, value, "--distributed-route", DistributedRoute::label);
  }
}
