package org.htsr.stats;

import java.util.Arrays;
import java.util.List;
import org.htsr.model.MpFit;
import org.htsr.model.RandomizedEsd;

/**
 * WeightWatcher's randomized-ESD metrics from eigenvalues computed elsewhere (weightwatcher-spec
 * §3.10, trap T12). The caller shuffles every matrix of the layer ({@link Shuffles}), solves the
 * shuffled matrices like the original ones and pools their eigenvalues, once per replica:
 *
 * <ul>
 *   <li>{@link #replicaCount} replicas (5 when the layer has fewer than 100 eigenvalues, else 1),
 *       pooled: their maximum is {@code max_rand_eval}, and they get an MP fit with the layer's N
 *       and M ({@code rand_num_spikes}, {@code rand_sigma_mp}, …);
 *   <li>one more, independent shuffle: {@code rand_distance} = Jensen–Shannon distance
 *       √(½ KL(p‖m) + ½ KL(q‖m)) between the layer's sorted eigenvalues and its sorted ones — the
 *       vectors themselves, not histograms — each normalised to sum 1, m = (p + q)/2 before
 *       normalising (scipy.stats.entropy), natural log; {@code ww_softrank} = its maximum / λmax;
 *       {@code ww_maxdist} = λmax − its maximum.
 * </ul>
 */
public final class RandomizedEsdMetrics {

  /** Layers with fewer eigenvalues than this get several replicas ("hack to improve random estimator"). */
  public static final int FEW_EIGENVALUES = 100;
  /** Replicas for such layers. */
  public static final int REPLICAS_FOR_FEW = 5;

  private RandomizedEsdMetrics() {}

  /** How many shuffled replicas WeightWatcher pools for a layer with this many eigenvalues. */
  public static int replicaCount(int numEigenvalues) {
    return numEigenvalues < FEW_EIGENVALUES ? REPLICAS_FOR_FEW : 1;
  }

  /**
   * @param eigenvaluesAscending the layer's eigenvalues
   * @param replicas the pooled eigenvalues of each shuffled replica ({@link #replicaCount} of them),
   *     each ascending and as long as the layer's
   * @param distanceShuffle the pooled eigenvalues of one more shuffle, ascending
   * @param n the layer's N
   * @param m the layer's M
   * @param seed the seed the shuffles were drawn from, recorded as {@code rand_seed}
   * @throws FitException when the MP fit of the replicas fails
   */
  public static RandomizedEsd compute(
      double[] eigenvaluesAscending, List<double[]> replicas, double[] distanceShuffle, long n, long m, long seed)
      throws FitException {
    Eigenvalues.requireAscendingNonNegative(eigenvaluesAscending);
    Eigenvalues.requireAscendingNonNegative(distanceShuffle);
    if (replicas.isEmpty()) {
      throw new IllegalArgumentException("at least one randomized replica is needed");
    }
    int k = eigenvaluesAscending.length;
    double[] pooled = new double[k * replicas.size()];
    for (int r = 0; r < replicas.size(); r++) {
      double[] replica = replicas.get(r);
      requireLength(replica, k, "replica " + r);
      System.arraycopy(replica, 0, pooled, r * k, k);
    }
    Arrays.sort(pooled);
    requireLength(distanceShuffle, k, "distance shuffle");
    MpFit fit = MarchenkoPasturFit.fit(pooled, n, m);
    double lambdaMax = eigenvaluesAscending[k - 1];
    double randMax = distanceShuffle[k - 1];
    return new RandomizedEsd(
        seed,
        pooled[pooled.length - 1],
        jensenShannonDistance(eigenvaluesAscending, distanceShuffle),
        randMax / lambdaMax,
        lambdaMax - randMax,
        fit,
        pooled);
  }

  /**
   * WeightWatcher's {@code jensen_shannon_distance(p, q)}: m = (p + q)/2; scipy.stats.entropy
   * normalises each argument to sum 1 and sums x·ln(x/y) (0 where x = 0); the distance is the
   * square root of the mean of the two divergences.
   */
  static double jensenShannonDistance(double[] p, double[] q) {
    double[] m = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      m[i] = (p[i] + q[i]) / 2;
    }
    double divergence = (relativeEntropy(p, m) + relativeEntropy(q, m)) / 2;
    return Math.sqrt(divergence);
  }

  /** scipy.stats.entropy(pk, qk): Σ rel_entr(pk/Σpk, qk/Σqk). */
  private static double relativeEntropy(double[] pk, double[] qk) {
    double sp = Eigenvalues.sum(pk);
    double sq = Eigenvalues.sum(qk);
    double sum = 0;
    for (int i = 0; i < pk.length; i++) {
      double x = pk[i] / sp;
      double y = qk[i] / sq;
      if (x > 0) {
        sum += y > 0 ? x * Math.log(x / y) : Double.POSITIVE_INFINITY;
      }
    }
    return sum;
  }

  private static void requireLength(double[] values, int k, String what) {
    if (values.length != k) {
      throw new IllegalArgumentException(what + " has " + values.length + " eigenvalues, the layer " + k);
    }
  }
}
