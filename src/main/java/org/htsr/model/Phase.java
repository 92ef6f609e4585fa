package org.htsr.model;

/**
 * Martin & Mahoney's 5+1 phases of training (ICML 2019, JMLR 2021; paper-anchors §1.6), as
 * stored in the {@code phase} column. WeightWatcher itself does not label phases
 * (weightwatcher-spec §4); the operational rules are htsr's ({@code PhaseClassifier}).
 */
public enum Phase {
  /** The ESD is fitted well by Marchenko–Pastur; λmax within the Tracy–Widom window of λ+. */
  RANDOM_LIKE("random_like"),
  /** Random-like except for eigenvalues just above λ+, contiguous with the bulk (the BBP transition). */
  BLEEDING_OUT("bleeding_out"),
  /** A random-like bulk plus spikes well separated above λ+ (a low-rank signal). */
  BULK_SPIKES("bulk_spikes"),
  /** A degraded bulk, or a continuous decaying tail of eigenmass above λ+. */
  BULK_DECAY("bulk_decay"),
  /** The ESD is a heavy (power-law) tail with no meaningful MP edge: λmax ≫ λ+. */
  HEAVY_TAILED("heavy_tailed"),
  /** The "+1" phase: a large mass of (near-)zero eigenvalues, a rank-deficient layer. */
  RANK_COLLAPSE("rank_collapse");

  private final String label;

  Phase(String label) {
    this.label = label;
  }

  /** The value of the {@code phase} column. */
  public String label() {
    return label;
  }
}
