package org.htsr.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.htsr.model.HeavyTailClass;
import org.htsr.model.Phase;
import org.htsr.model.PhaseFeatures;
import org.htsr.model.PhaseLabel;
import org.junit.jupiter.api.Test;

/** The decision rules one by one, on hand-made feature vectors at either side of each threshold. */
class PhaseClassifierTest {

  /** A random-like layer (Q = 2, M = 500): every rule's input comfortably on the "no" side. */
  private static Builder randomLike() {
    return new Builder();
  }

  @Test
  void randomLikeWhenNothingFires() {
    PhaseLabel label = PhaseClassifier.classify(randomLike().build());
    assertEquals(Phase.RANDOM_LIKE, label.phase());
    assertTrue(label.subclass().isEmpty());
    assertTrue(label.reason().startsWith("random_like: Marchenko-Pastur fits (KS distance 0.010)"), label.reason());
  }

  @Test
  void rankCollapseFirst() {
    Builder b = randomLike();
    b.nearZeroFraction = 0.5;
    b.nearZeroExcess = PhaseClassifier.COLLAPSE_EXCESS;
    b.outliers = 200;
    b.far = 200;
    b.mpDistance = 0.9;
    PhaseLabel label = PhaseClassifier.classify(b.build());
    assertEquals(Phase.RANK_COLLAPSE, label.phase());
    assertTrue(label.reason().contains("50% of eigenvalues"), label.reason());
    b.nearZeroExcess = Math.nextDown(PhaseClassifier.COLLAPSE_EXCESS);
    assertEquals(Phase.BULK_DECAY, PhaseClassifier.classify(b.build()).phase());
    b.rankLoss = 125; // a quarter of 500 numerically zero
    assertEquals(Phase.RANK_COLLAPSE, PhaseClassifier.classify(b.build()).phase());
  }

  /** Tiny layers get a wider D_MP limit: rigid MP bulks of M eigenvalues fit to ~3/M. */
  @Test
  void mpDistanceLimitWidensForTinyLayers() {
    assertEquals(0.375, PhaseClassifier.mpDistanceLimit(16), 1e-15);
    assertEquals(0.1, PhaseClassifier.mpDistanceLimit(256), 1e-15);
    Builder tiny = randomLike();
    tiny.count = 16;
    tiny.mpDistance = 0.2;
    assertEquals(Phase.RANDOM_LIKE, PhaseClassifier.classify(tiny.build()).phase());
  }

  @Test
  void heavyTailedNeedsAGoodFitOfARealTailFarBeyondTheEdge() {
    Builder b = heavy(2.4);
    PhaseLabel label = PhaseClassifier.classify(b.build());
    assertEquals(Phase.HEAVY_TAILED, label.phase());
    assertEquals(Optional.of(HeavyTailClass.MODERATELY_HEAVY_TAILED), label.subclass());
    assertTrue(label.reason().contains("alpha=2.40"), label.reason());

    Builder worseFit = heavy(2.4);
    worseFit.plDistance = OptionalDouble.of(Math.nextUp(PhaseClassifier.HT_MAX_PL_DISTANCE));
    assertEquals(Phase.BULK_DECAY, PhaseClassifier.classify(worseFit.build()).phase());
    Builder shortTail = heavy(2.4);
    shortTail.tailSize = OptionalInt.of(PhaseClassifier.HT_MIN_TAIL - 1);
    assertEquals(Phase.BULK_DECAY, PhaseClassifier.classify(shortTail.build()).phase());
    Builder fewOutliers = heavy(2.4);
    fewOutliers.outliers = 4;
    fewOutliers.far = 4;
    fewOutliers.mpDistance = 0.01;
    assertEquals(Phase.BULK_SPIKES, PhaseClassifier.classify(fewOutliers.build()).phase());
    Builder edgeStillMeaningful = heavy(2.4);
    edgeStillMeaningful.mpSoftrank = PhaseClassifier.HT_MAX_MP_SOFTRANK;
    assertEquals(Phase.BULK_DECAY, PhaseClassifier.classify(edgeStillMeaningful.build()).phase());
    Builder noFit = heavy(2.4);
    noFit.alpha = OptionalDouble.empty();
    noFit.plDistance = OptionalDouble.empty();
    noFit.tailSize = OptionalInt.empty();
    assertEquals(Phase.BULK_DECAY, PhaseClassifier.classify(noFit.build()).phase());
  }

  @Test
  void heavyTailSubclassesFollowAlpha() {
    assertEquals(HeavyTailClass.VERY_HEAVY_TAILED, PhaseClassifier.heavyTailClass(1.99));
    assertEquals(HeavyTailClass.MODERATELY_HEAVY_TAILED, PhaseClassifier.heavyTailClass(2));
    assertEquals(HeavyTailClass.MODERATELY_HEAVY_TAILED, PhaseClassifier.heavyTailClass(6));
    assertEquals(HeavyTailClass.WEAKLY_HEAVY_TAILED, PhaseClassifier.heavyTailClass(6.01));
    assertEquals(Optional.of(HeavyTailClass.VERY_HEAVY_TAILED), PhaseClassifier.classify(heavy(1.5).build()).subclass());
  }

  @Test
  void bulkDecayFromTheBulkOrFromADecayingEdge() {
    Builder badBulk = randomLike();
    badBulk.mpDistance = Math.nextUp(PhaseClassifier.MP_MAX_DISTANCE);
    assertEquals(Phase.BULK_DECAY, PhaseClassifier.classify(badBulk.build()).phase());

    Builder decaying = randomLike();
    decaying.outliers = 15; // 3% of 500
    decaying.far = 11; // 4 of 15 at the edge: ≥ 25%
    PhaseLabel label = PhaseClassifier.classify(decaying.build());
    assertEquals(Phase.BULK_DECAY, label.phase());
    assertTrue(label.reason().contains("15 outliers"), label.reason());
    decaying.far = 12; // 3 of 15 at the edge: < 25%, the spikes dominate
    assertEquals(Phase.BULK_SPIKES, PhaseClassifier.classify(decaying.build()).phase());
    decaying.far = 11;
    decaying.outliers = 14;
    assertEquals(Phase.BULK_SPIKES, PhaseClassifier.classify(decaying.build()).phase());
  }

  @Test
  void spikesNeedMoreFarThanEdgeOutliers() {
    Builder b = randomLike();
    b.outliers = 3;
    b.far = 2;
    assertEquals(Phase.BULK_SPIKES, PhaseClassifier.classify(b.build()).phase());
    b.far = 1;
    assertEquals(Phase.BLEEDING_OUT, PhaseClassifier.classify(b.build()).phase());
    b.far = 0;
    PhaseLabel label = PhaseClassifier.classify(b.build());
    assertEquals(Phase.BLEEDING_OUT, label.phase());
    assertTrue(label.reason().startsWith("bleeding_out: 3 eigenvalues just above the MP edge"), label.reason());
  }

  private static Builder heavy(double alpha) {
    Builder b = randomLike();
    b.outliers = 100;
    b.far = 70;
    b.mpDistance = 0.2;
    b.mpSoftrank = 0.01;
    b.alpha = OptionalDouble.of(alpha);
    b.plDistance = OptionalDouble.of(0.04);
    b.tailSize = OptionalInt.of(90);
    return b;
  }

  /** Mutable feature values for the tests; defaults describe a random-like Q = 2 layer. */
  private static final class Builder {
    int count = 500;
    int outliers;
    int far;
    double nearZeroFraction;
    double nearZeroExcess;
    double mpDistance = 0.01;
    double mpSoftrank = 1.0;
    OptionalDouble alpha = OptionalDouble.of(9.0);
    OptionalDouble plDistance = OptionalDouble.of(0.13);
    OptionalInt tailSize = OptionalInt.of(40);
    int rankLoss;

    PhaseFeatures build() {
      return new PhaseFeatures(1000, 500, 2, count, OptionalDouble.of(1.0), 1.0, 1.0, 2.914, 0.0858, 0.018, 2.968,
          outliers, outliers - far, far, (double) outliers / count, nearZeroFraction, nearZeroExcess, rankLoss,
          mpDistance, mpSoftrank, 1.0, 3.0, alpha, plDistance, tailSize);
    }
  }
}
