package org.htsr.model;

/**
 * The eigenvalues of WᵀW for a layer (all its pooled matrices, after scaling), with what the
 * solver knows about numerical rank.
 *
 * @param eigenvalues all eigenvalues, ascending, non-negative (M·rf of them; zeros kept)
 * @param zeroThreshold eigenvalues at or below this are numerically zero for this solver and
 *     layer: (λmax·(N·ε)² for an SVD, λmax·N·ε for the Gram route), used for matrix_rank
 * @param rankLoss Σ over matrices of (M − numerical rank of that matrix)
 * @param svMax largest singular value over the matrices
 * @param svMin the largest, over matrices, of each matrix's smallest singular value (WeightWatcher's
 *     definition)
 * @param solver name of the solver that produced it
 */
public record LayerSpectrum(
    double[] eigenvalues, double zeroThreshold, int rankLoss, double svMax, double svMin, String solver) {

  public int size() {
    return eigenvalues.length;
  }

  public double lambdaMax() {
    return eigenvalues[eigenvalues.length - 1];
  }
}
