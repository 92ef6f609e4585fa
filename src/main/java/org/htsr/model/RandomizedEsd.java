package org.htsr.model;

/**
 * WeightWatcher's randomized-ESD columns ({@code randomize=True}, weightwatcher-spec §3.10),
 * seeded: the layer compared with copies of itself whose entries were shuffled.
 *
 * @param randSeed the seed the shuffles were drawn from ({@code rand_seed}); WeightWatcher's are
 *     unseeded
 * @param maxRandEval the largest eigenvalue of the pooled randomized replicas ({@code max_rand_eval})
 * @param randDistance Jensen–Shannon distance between the sorted eigenvalue vector and that of one
 *     more shuffle, each vector normalised to sum 1 and paired element by element, natural log
 *     ({@code rand_distance})
 * @param wwSoftrank max of that shuffle's eigenvalues / λmax ({@code ww_softrank})
 * @param wwMaxdist λmax − max of that shuffle's eigenvalues ({@code ww_maxdist})
 * @param randMpFit the Marchenko–Pastur fit of the pooled replicas, with the layer's N and M
 *     ({@code rand_num_spikes}, {@code rand_sigma_mp}, {@code rand_mp_softrank}, {@code
 *     rand_W_scale}, {@code rand_bulk_max}, {@code rand_bulk_min})
 * @param randomizedEigenvalues the pooled replicas' eigenvalues, ascending (for the {@code esd}
 *     table); the array is handed over, not copied
 */
public record RandomizedEsd(
    long randSeed,
    double maxRandEval,
    double randDistance,
    double wwSoftrank,
    double wwMaxdist,
    MpFit randMpFit,
    double[] randomizedEigenvalues) {

  /** {@code rand_num_spikes}: eigenvalues of the randomized ESD beyond its own MP edge + TW margin. */
  public int randNumSpikes() {
    return randMpFit.numSpikes();
  }

  /** {@code rand_sigma_mp}. */
  public double randSigmaMp() {
    return randMpFit.sigmaMp();
  }

  /** {@code rand_mp_softrank}. */
  public double randMpSoftrank() {
    return randMpFit.mpSoftrank();
  }
}
