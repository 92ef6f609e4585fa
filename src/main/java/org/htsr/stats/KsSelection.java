package org.htsr.stats;

import java.util.Optional;

/**
 * powerlaw 1.5's choice of xmin: among the candidates whose fit is valid, the first with the
 * smallest KS distance ({@code numpy.ma.masked_array(Ds, mask=~valid).argmin()}).
 *
 * <p>Only the argmin is needed, so a candidate's KS scan stops once its running maximum exceeds
 * the best distance so far: it cannot win. Candidates are visited on a coarse stride first, so a
 * good bound is known early. Every candidate that could win is scanned in full, so the choice is
 * exactly the unpruned one.
 */
final class KsSelection {

  private KsSelection() {}

  /** One candidate's fit, as the selection needs it. */
  interface Trial {
    /** Whether the fitted parameters are in the distribution's valid range. */
    boolean valid();

    /** The fitted CDF at the tail's bins. */
    PowerlawData.TailCdf cdf();
  }

  /** The chosen position in {@code bins}/{@code trials}, and its exact KS distance. */
  record Choice(int position, double d) {}

  /**
   * @param bins the candidates' bin indices, ascending
   * @param trials their fits, same order
   * @return the choice, or empty when no fit is valid
   */
  static Optional<Choice> select(PowerlawData data, int[] bins, Trial[] trials) {
    int count = bins.length;
    int best = -1;
    double bestD = Double.POSITIVE_INFINITY;
    int stride = Math.max(1, (int) Math.sqrt(count));
    for (int pass = 0; pass < 2; pass++) {
      for (int i = 0; i < count; i++) {
        boolean coarse = i % stride == 0;
        if ((pass == 0) != coarse || !trials[i].valid()) {
          continue;
        }
        double d = data.ksDistance(bins[i], trials[i].cdf(), bestD);
        // NaN distances are skipped: masked argmin never prefers them over a number
        if (d < bestD || (d == bestD && i < best)) {
          best = i;
          bestD = d;
        }
      }
    }
    return best < 0 ? Optional.empty() : Optional.of(new Choice(best, bestD));
  }
}
