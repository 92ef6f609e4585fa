package org.htsr.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Golden values from scipy 1.17.1 (Debian's python3-scipy on this machine):
 * {@code stats.spearmanr(x, y)} and {@code stats.kendalltau(x, y, method='asymptotic')}.
 */
class RankCorrelationTest {

  @Test
  void matchesScipyOnAlphaHatLikeData() {
    double[] x = {3.1, 2.5, 4.0, 3.3, 2.9, 3.8, 4.4, 2.2, 3.0};
    double[] y = {0.81, 0.85, 0.70, 0.80, 0.83, 0.74, 0.69, 0.88, 0.83};
    RankCorrelation.Result r = RankCorrelation.of(x, y);
    assertEquals(9, r.n());
    assertEquals(-0.9958246164193105, r.spearman(), 1e-12);
    assertEquals(1.5424463831959078e-08, r.spearmanP(), 1e-14);
    assertEquals(-0.9860132971832692, r.kendall(), 1e-12);
    assertEquals(0.0002435040044031478, r.kendallP(), 1e-9);
  }

  @Test
  void matchesScipyWithoutTies() {
    double[] x = {1, 2, 3, 4, 5, 6, 7, 8};
    double[] y = {2, 1, 4, 3, 6, 5, 8, 7};
    RankCorrelation.Result r = RankCorrelation.of(x, y);
    assertEquals(0.9047619047619048, r.spearman(), 1e-12);
    assertEquals(0.002008275505429469, r.spearmanP(), 1e-10);
    assertEquals(0.7142857142857142, r.kendall(), 1e-12);
    assertEquals(0.013347575926843162, r.kendallP(), 1e-9);
  }

  @Test
  void nonFinitePairsAreDroppedAndTooFewGiveNaN() {
    RankCorrelation.Result r = RankCorrelation.of(new double[] {1, Double.NaN, 3}, new double[] {1, 2, Double.POSITIVE_INFINITY});
    assertEquals(1, r.n());
    assertTrue(Double.isNaN(r.spearman()) && Double.isNaN(r.kendallP()));
    RankCorrelation.Result constant = RankCorrelation.of(new double[] {1, 2, 3, 4}, new double[] {5, 5, 5, 5});
    assertTrue(Double.isNaN(constant.spearman()) && Double.isNaN(constant.kendall()));
  }

  @Test
  void perfectOrderHasZeroSpearmanP() {
    RankCorrelation.Result r = RankCorrelation.of(new double[] {1, 2, 3, 4, 5}, new double[] {10, 20, 30, 40, 50});
    assertEquals(1.0, r.spearman());
    assertEquals(0.0, r.spearmanP());
    assertEquals(1.0, r.kendall());
  }
}
