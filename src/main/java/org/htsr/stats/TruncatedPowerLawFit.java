package org.htsr.stats;

import static org.htsr.stats.PowerlawPackageFit.safe;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.htsr.model.PowerLawFit;

/**
 * The truncated power law ρ(λ) ∝ λ^(−α) e^(−Λλ) on λ ≥ xmin, fitted as WeightWatcher's {@code
 * fit='TPL'} does through powerlaw 1.5 ({@code Fit(x, distribution='truncated_power_law',
 * xmin_distribution='truncated_power_law')}; weightwatcher-spec §3.7), but about a thousand times
 * faster.
 *
 * <p>For every candidate xmin (distinct eigenvalues &gt; 1e-5 but the largest) the TPL is fitted by
 * maximum likelihood with powerlaw's own procedure: {@code fmin} (Nelder–Mead, {@link NelderMead})
 * from α₀ = 1 + n/Σ ln(x/xmin), Λ₀ = 1/mean(x) on −Σ ln pdf, pdf = x^(−α) e^(−Λx) Λ^(1−α) /
 * Γ(1−α, Λ·xmin), and pdf ≡ 1e-307 outside α &gt; 1, Λ &gt; 0. Its KS distance uses T(x) = 1 −
 * Γ(1−α, Λx)/Γ(1−α, Λ·xmin) at the tail's distinct values; xmin is the first minimum of D among
 * valid fits ({@link KsSelection}). α and Λ are reported; there is no σ.
 *
 * <p>Why it is fast: powerlaw evaluates Γ with mpmath and the likelihood over every point at every
 * Nelder–Mead step (33.9 s for 512 eigenvalues). Here Γ is a double-precision routine ({@link
 * IncompleteGamma}), the likelihood is α·Σ ln x + Λ·Σ x − n ln C from suffix sums (term by term
 * only where a term could over- or underflow, as powerlaw computes it), and the KS scans are
 * pruned.
 *
 * <p>Where WeightWatcher is broken: powerlaw only admits α &gt; 1, yet on a bounded, MP-like tail
 * the likelihood keeps rising as α decreases (the data are lighter-tailed than any λ^(−1)
 * e^(−Λλ)), so Nelder–Mead runs into the α = 1 wall and stops within its tolerance of it. Such a
 * fit still counts as valid, often wins the KS comparison, and is reported as α = 1.0000x with an
 * arbitrary Λ (16 of the 23 layers of the reference {@code pl1.5_tpl.csv}, every Gaussian, spiked
 * and low-rank one among them) and labelled "over-trained": a constraint, not an estimate.
 * htsr makes powerlaw's choice of xmin, but when the chosen fit lies within {@link
 * #BOUNDARY_MARGIN} of α = 1 it fails the layer with that reason instead of reporting the bound
 * as an exponent. (Choosing the best interior candidate instead was tried: on these layers it
 * picks a handful of top eigenvalues and α of 15–75 with D up to 1, which is worse.) {@link
 * #powerlawCompatible()} reports the boundary fit, for diffing against WeightWatcher.
 */
public final class TruncatedPowerLawFit implements PowerLawFitter {

  public static final String MODE = "tpl";
  /**
   * A chosen α within this of 1 is the α &gt; 1 constraint, not a maximum of the likelihood:
   * fmin's xtol is 1e-4, and the reference's boundary fits end between 1 + 2e-10 and 1 + 1e-4.
   */
  public static final double BOUNDARY_MARGIN = 1e-3;

  private enum BoundaryFits { REJECT, KEEP }

  private final BoundaryFits boundaryFits;

  private TruncatedPowerLawFit(BoundaryFits boundaryFits) {
    this.boundaryFits = boundaryFits;
  }

  /** htsr's TPL: a chosen fit on the α = 1 boundary is a failure. */
  public TruncatedPowerLawFit() {
    this(BoundaryFits.REJECT);
  }

  /** WeightWatcher's output: a chosen fit on the α = 1 boundary is reported as it is. */
  static TruncatedPowerLawFit powerlawCompatible() {
    return new TruncatedPowerLawFit(BoundaryFits.KEEP);
  }

  @Override
  public String mode() {
    return MODE;
  }

  @Override
  public PowerLawFit fit(double[] eigenvalues) throws FitException {
    PowerlawData data = PowerlawData.of(eigenvalues);
    int[] bins = data.candidates(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    Trial[] trials = new Trial[bins.length];
    for (int i = 0; i < bins.length; i++) {
      trials[i] = fitAt(data, bins[i]);
    }
    Optional<KsSelection.Choice> choice = KsSelection.select(data, bins, trials);
    if (choice.isEmpty()) {
      throw new FitException("tpl: no candidate xmin gives a truncated power law with alpha > 1 and Lambda > 0");
    }
    Trial t = trials[choice.get().position()];
    int bin = bins[choice.get().position()];
    if (boundaryFits == BoundaryFits.REJECT && !(t.alpha > 1 + BOUNDARY_MARGIN)) {
      throw new FitException(String.format(java.util.Locale.ROOT,
          "tpl: the best fit (xmin=%.6g, D=%.4f) sits on the alpha > 1 bound (alpha=%.7f, Lambda=%.4g):"
              + " the likelihood rises toward alpha <= 1, the tail is lighter than any power law",
          t.xmin, choice.get().d(), t.alpha, t.lambda));
    }
    int numPlSpikes = eigenvalues.length - Eigenvalues.firstAtLeast(eigenvalues, t.xmin);
    return new PowerLawFit(
        MODE,
        t.alpha,
        t.xmin,
        data.largest(),
        choice.get().d(),
        OptionalDouble.empty(),
        numPlSpikes,
        data.tailSize(bin),
        OptionalDouble.of(t.lambda),
        OptionalInt.empty(),
        OptionalDouble.empty());
  }

  private Trial fitAt(PowerlawData data, int bin) {
    Likelihood likelihood = new Likelihood(data, bin);
    int n = data.tailSize(bin);
    double xmin = data.bins[bin];
    double alpha0 = 1 + n / (data.tailLogSum(bin) - n * Math.log(xmin));
    double lambda0 = 1 / (data.tailSum(bin) / n);
    double[] p = NelderMead.fmin(q -> likelihood.negativeLogLikelihood(q[0], q[1]), new double[] {alpha0, lambda0}).x();
    return new Trial(data.bins, xmin, p[0], p[1]);
  }

  /** One candidate's fit and its CDF at the tail's bins, in powerlaw's arithmetic. */
  private static final class Trial implements KsSelection.Trial {
    private final double[] bins;
    private final double xmin;
    private final double alpha;
    private final double lambda;
    private final boolean valid;

    Trial(double[] bins, double xmin, double alpha, double lambda) {
      this.bins = bins;
      this.xmin = xmin;
      this.alpha = alpha;
      this.lambda = lambda;
      this.valid = lambda > 0 && alpha > 1;
    }

    @Override
    public boolean valid() {
      return valid;
    }

    @Override
    public PowerlawData.TailCdf cdf() {
      // _cdf_base_function: F(x) = 1 − Γ(1−α, Λx)/Λ^(1−α); cdf: (F(x) − F(xmin))/(1 − F(xmin)),
      // all ones when F(xmin) == 1
      double power = Math.pow(lambda, 1 - alpha);
      double atXmin = 1 - IncompleteGamma.upper(1 - alpha, lambda * xmin) / power;
      if (atXmin == 1) {
        return j -> 1;
      }
      return j -> ((1 - IncompleteGamma.upper(1 - alpha, lambda * bins[j]) / power) - atXmin) / (1 - atXmin);
    }
  }

  /**
   * −Σ ln pdf over one tail as powerlaw's {@code Distribution.fit} minimises it, in O(1) when no
   * term can over- or underflow, term by term (with powerlaw's 1e-307 for zeros) otherwise.
   */
  private static final class Likelihood {
    private final double[] x;
    private final int from;
    private final int n;
    private final double xmin;
    private final double logSum;
    private final double sum;
    private final double logLo;
    private final double logHi;
    private final double hi;

    Likelihood(PowerlawData data, int bin) {
      this.x = data.x;
      this.from = data.firstIndex[bin];
      this.n = data.tailSize(bin);
      this.xmin = data.bins[bin];
      this.logSum = data.tailLogSum(bin);
      this.sum = data.tailSum(bin);
      this.hi = data.largest();
      this.logLo = Math.log(xmin);
      this.logHi = Math.log(hi);
    }

    double negativeLogLikelihood(double alpha, double lambda) {
      if (!(lambda > 0 && alpha > 1)) {
        return -n * Math.log(PowerlawPackageFit.TINY_LIKELIHOOD);
      }
      double gamma = IncompleteGamma.upper(1 - alpha, lambda * xmin);
      double c = Math.pow(lambda, 1 - alpha) / gamma;
      double logC = Math.log(c);
      if (safe(logC) && safe(alpha * logLo) && safe(alpha * logHi) && safe(lambda * hi)
          && safe(logC - alpha * logLo - lambda * xmin) && safe(logC - alpha * logHi - lambda * hi)) {
        return alpha * logSum + lambda * sum - n * logC;
      }
      double total = 0;
      for (int k = from; k < x.length; k++) {
        double likelihood = Math.pow(x[k], -alpha) * Math.exp(-lambda * x[k]) * c;
        total += Math.log(likelihood == 0 ? PowerlawPackageFit.TINY_LIKELIHOOD : likelihood);
      }
      return -total;
    }
  }
}
