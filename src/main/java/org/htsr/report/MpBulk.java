package org.htsr.report;

/**
 * The Marchenko–Pastur bulk of one layer in the layer's own eigenvalue units (λ of WᵀW), ready to
 * draw (paper-anchors §1.2): edges λ− and λ+, σ² = λ+/(1+1/√Q)², the density
 * ρ(λ) = Q/(2πσ²λ)·√((λ+−λ)(λ−λ−)) on [λ−, λ+], and the spike threshold λ+ + TW margin.
 *
 * <p>WeightWatcher fits in mean-1 units x = W_scale²·λ and reports λ± back in original units
 * (bulk_max, bulk_min), so the edges are taken from those columns as they are. For Q = 1 it fits
 * the quarter circle to √x; in λ units that is the MP density with Q = 1, which is what is drawn.
 */
public record MpBulk(double q, double lambdaMinus, double lambdaPlus, double spikeThreshold) {

  /**
   * The bulk of a fit, with WeightWatcher's spike threshold: in mean-1 units,
   * x+ + √(Q^−1/2 · x+^2/3 · M^−2/3) (weightwatcher-spec §3.9 step 6), where W_scale² = n/Σλ is
   * recomputed from the eigenvalues (what WeightWatcher's W_scale is), so the threshold does not
   * depend on the W_scale column being there.
   */
  public static MpBulk of(MpEdges fit, double q, long m, double[] eigenvalues) {
    double sum = 0;
    for (double v : eigenvalues) {
      sum += v;
    }
    double scale2 = eigenvalues.length / sum;
    double xPlus = fit.bulkMax() * scale2;
    double tw = Math.pow(xPlus, 2.0 / 3.0) / (Math.sqrt(q) * Math.pow(m, 2.0 / 3.0));
    double threshold = (xPlus + Math.sqrt(tw)) / scale2;
    return new MpBulk(q, fit.bulkMin(), fit.bulkMax(), threshold);
  }

  double sigmaSquared() {
    double edge = 1 + 1 / Math.sqrt(q);
    return lambdaPlus / (edge * edge);
  }

  /** ρ_MP(λ), 0 outside [λ−, λ+]; integrates to 1 over the bulk. */
  double density(double lambda) {
    if (lambda <= lambdaMinus || lambda >= lambdaPlus || lambda <= 0) {
      return 0;
    }
    return q / (2 * Math.PI * sigmaSquared() * lambda) * Math.sqrt((lambdaPlus - lambda) * (lambda - lambdaMinus));
  }
}
