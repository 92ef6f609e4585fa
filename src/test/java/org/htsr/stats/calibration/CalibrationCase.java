package org.htsr.stats.calibration;

import dev.ludovic.netlib.blas.BLAS;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.htsr.model.LayerSpectrum;
import org.htsr.model.Phase;
import org.htsr.testing.Spectra;

/**
 * The synthetic layers of the phase calibration suite (issue: "calibration suite";
 * paper-anchors §2.3). All are N×M with N = Q·M; W's scale does not matter (features use λ/mean
 * λ). σ = 1 units: W = G/√N with G i.i.d. N(0, 1), so the bulk is MP(σ² = 1, Q) and a rank-one
 * perturbation S·u·vᵀ (unit u, v) leaves the bulk at S &gt; Q^(−1/4) (the BBP threshold), landing
 * at λ = (1/Q + S²)(1 + 1/S²) (paper-anchors §1.2).
 */
public enum CalibrationCase {

  /** i.i.d. Gaussian entries. */
  GAUSSIAN(Phase.RANDOM_LIKE) {
    @Override
    LayerSpectrum generate(int n, int m, SplittableRandom random) {
      return Spectra.gramSpectrum(n, m, gaussian(n, m, random));
    }
  },

  /** Gaussian + r = 1…5 rank-one spikes (r from the seed), strengths uniform in [3, 6]× BBP. */
  SPIKES(Phase.BULK_SPIKES) {
    @Override
    LayerSpectrum generate(int n, int m, SplittableRandom random) {
      int r = 1 + random.nextInt(5);
      double[] s = new double[r];
      for (int k = 0; k < r; k++) {
        s[k] = bbp(n, m) * (3 + 3 * random.nextDouble());
      }
      return spiked(n, m, s, random);
    }
  },

  /** Gaussian + r = 1…5 spikes at 1.5× down to 1.2× BBP (evenly spaced; 1.5× when r = 1). */
  BLEEDING(Phase.BLEEDING_OUT) {
    @Override
    LayerSpectrum generate(int n, int m, SplittableRandom random) {
      int r = 1 + random.nextInt(5);
      double[] s = new double[r];
      for (int k = 0; k < r; k++) {
        s[k] = bbp(n, m) * (r == 1 ? 1.5 : 1.5 - 0.3 * k / (r - 1));
      }
      return spiked(n, m, s, random);
    }
  },

  /**
   * Gaussian + round(0.1·M) graded spikes, strengths BBP·(1.1 + 1.9 u²) at u = (k + ½)/r: dense
   * just above the edge and thinning out to 3× BBP, a decaying edge.
   */
  DECAY(Phase.BULK_DECAY) {
    @Override
    LayerSpectrum generate(int n, int m, SplittableRandom random) {
      int r = (int) Math.round(0.1 * m);
      double[] s = new double[r];
      for (int k = 0; k < r; k++) {
        double u = (k + 0.5) / r;
        s[k] = bbp(n, m) * (1.1 + 1.9 * u * u);
      }
      return spiked(n, m, s, random);
    }
  },

  /** Symmetric Pareto (Lomax) entries with tail index μ = 1: P(|w| &gt; t) = (1 + t)^(−1). */
  PARETO_1(Phase.HEAVY_TAILED) {
    @Override
    LayerSpectrum generate(int n, int m, SplittableRandom random) {
      return Spectra.gramSpectrum(n, m, pareto(n, m, 1, random));
    }
  },

  /** Pareto entries, μ = 2 (infinite variance borderline). */
  PARETO_2(Phase.HEAVY_TAILED) {
    @Override
    LayerSpectrum generate(int n, int m, SplittableRandom random) {
      return Spectra.gramSpectrum(n, m, pareto(n, m, 2, random));
    }
  },

  /**
   * Pareto entries, μ = 5 (finite fourth moment: the ESD tends to MP). At these sizes the largest
   * entries usually leave a few eigenvalues just outside the Tracy–Widom window, contiguous with
   * the bulk — bleeding_out — and in some draws none is large enough, which is random_like; both
   * are accepted (docs/phases.md, "μ = 5").
   */
  PARETO_5(Phase.BLEEDING_OUT, Phase.RANDOM_LIKE) {
    @Override
    LayerSpectrum generate(int n, int m, SplittableRandom random) {
      return Spectra.gramSpectrum(n, m, pareto(n, m, 5, random));
    }
  },

  /** Exactly low-rank W = A·B, A (N×M/2) and B (M/2×M) Gaussian: half the eigenvalues are 0. */
  LOW_RANK(Phase.RANK_COLLAPSE) {
    @Override
    LayerSpectrum generate(int n, int m, SplittableRandom random) {
      int k = m / 2;
      double[] a = gaussian(n, k, random);
      double[] b = gaussian(k, m, random);
      double[] w = new double[n * m];
      BLAS.getInstance().dgemm("N", "N", n, m, k, 1.0, a, n, b, k, 0.0, w, n);
      return Spectra.gramSpectrum(n, m, w);
    }
  },

  /**
   * Soft collapse: a Gaussian layer whose smaller half of singular values is divided by factors
   * uniform in [30, 100]; nothing is exactly zero. The ESD depends on the singular values only,
   * so they are changed directly.
   */
  SOFT_COLLAPSE(Phase.RANK_COLLAPSE) {
    @Override
    LayerSpectrum generate(int n, int m, SplittableRandom random) {
      LayerSpectrum gaussian = Spectra.gramSpectrum(n, m, gaussian(n, m, random));
      double[] lambda = gaussian.eigenvalues().clone();
      for (int i = 0; i < m / 2; i++) {
        double factor = 30 + 70 * random.nextDouble();
        lambda[i] /= factor * factor;
      }
      Arrays.sort(lambda);
      return new LayerSpectrum(lambda, gaussian.zeroThreshold(), 0, Math.sqrt(lambda[m - 1]), Math.sqrt(lambda[0]), gaussian.solver());
    }
  };

  private final Phase expected;
  private final Set<Phase> accepted;

  CalibrationCase(Phase expected, Phase... alsoAccepted) {
    this.expected = expected;
    this.accepted = EnumSet.of(expected, alsoAccepted);
  }

  /** The phase this case is meant to produce. */
  public Phase expected() {
    return expected;
  }

  /** The phases that count as right: the expected one, and for μ = 5 also random_like. */
  public Set<Phase> accepted() {
    return accepted;
  }

  /** The N×M layer's spectrum (N = Q·M) for this seed. */
  public LayerSpectrum spectrum(int m, int q, long seed) {
    return generate(q * m, m, new SplittableRandom(seed));
  }

  abstract LayerSpectrum generate(int n, int m, SplittableRandom random);

  /** The BBP threshold Q^(−1/4) in σ = 1 units. */
  static double bbp(int n, int m) {
    return Math.pow((double) n / m, -0.25);
  }

  /** n×m column-major, i.i.d. N(0, 1/n). */
  static double[] gaussian(int n, int m, SplittableRandom random) {
    double[] w = new double[n * m];
    double scale = 1 / Math.sqrt(n);
    for (int i = 0; i < w.length; i++) {
      w[i] = scale * random.nextGaussian();
    }
    return w;
  }

  /** n×m symmetric Lomax entries with tail index μ: |w| = U^(−1/μ) − 1, random sign. */
  static double[] pareto(int n, int m, double mu, SplittableRandom random) {
    double[] w = new double[n * m];
    for (int i = 0; i < w.length; i++) {
      double magnitude = Math.pow(1 - random.nextDouble(), -1 / mu) - 1;
      w[i] = random.nextBoolean() ? magnitude : -magnitude;
    }
    return w;
  }

  /** Gaussian W (σ = 1 units) + Σ s_k u_k v_kᵀ with orthonormal u_k ∈ ℝⁿ, v_k ∈ ℝᵐ. */
  static LayerSpectrum spiked(int n, int m, double[] s, SplittableRandom random) {
    double[] w = gaussian(n, m, random);
    int r = s.length;
    double[] u = orthonormal(n, r, random);
    double[] v = orthonormal(m, r, random);
    for (int k = 0; k < r; k++) {
      for (int i = 0; i < n; i++) {
        u[i + k * n] *= s[k];
      }
    }
    // W += (U·diag(s)) · Vᵀ
    BLAS.getInstance().dgemm("N", "T", n, m, r, 1.0, u, n, v, m, 1.0, w, n);
    return Spectra.gramSpectrum(n, m, w);
  }

  /** r orthonormal columns in ℝᵈ (column-major d×r), by modified Gram–Schmidt on Gaussian vectors. */
  static double[] orthonormal(int d, int r, SplittableRandom random) {
    double[] q = new double[d * r];
    for (int k = 0; k < r; k++) {
      int off = k * d;
      for (int i = 0; i < d; i++) {
        q[off + i] = random.nextGaussian();
      }
      for (int j = 0; j < k; j++) {
        double dot = 0;
        for (int i = 0; i < d; i++) {
          dot += q[j * d + i] * q[off + i];
        }
        for (int i = 0; i < d; i++) {
          q[off + i] -= dot * q[j * d + i];
        }
      }
      double norm = 0;
      for (int i = 0; i < d; i++) {
        norm += q[off + i] * q[off + i];
      }
      norm = Math.sqrt(norm);
      for (int i = 0; i < d; i++) {
        q[off + i] /= norm;
      }
    }
    return q;
  }
}
