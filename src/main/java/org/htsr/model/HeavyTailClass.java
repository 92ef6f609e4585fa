package org.htsr.model;

/**
 * The heavy-tailed universality classes of JMLR 2021 Table 1 (paper-anchors §1.5), by the fitted
 * α of ρ(λ) ~ λ^(−α), with the SETOL boundaries α = 2 and α = 6.
 */
public enum HeavyTailClass {
  /** α &lt; 2 (entries' tail index μ &lt; 2): infinite-variance regime, WeightWatcher's "over-trained". */
  VERY_HEAVY_TAILED("very"),
  /** 2 ≤ α ≤ 6 (2 &lt; μ &lt; 4, "fat-tailed"); 2–4 is the well-trained band. */
  MODERATELY_HEAVY_TAILED("moderately"),
  /** α &gt; 6 (μ &gt; 4): MP plus a power-law tail; α is uninformative at this size. */
  WEAKLY_HEAVY_TAILED("weakly");

  private final String label;

  HeavyTailClass(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
