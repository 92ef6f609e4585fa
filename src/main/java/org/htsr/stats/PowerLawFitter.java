package org.htsr.stats;

import org.htsr.model.PowerLawFit;

/** Fits a power law to the tail of an ESD. */
public interface PowerLawFitter {

  /** The name stored in {@code fit_mode}. */
  String mode();

  /**
   * Fits the eigenvalues of one layer.
   *
   * @param eigenvalues all eigenvalues of the layer, ascending (zeros included); not modified
   * @throws FitException when no fit exists (too few positive eigenvalues, …)
   */
  PowerLawFit fit(double[] eigenvalues) throws FitException;
}
