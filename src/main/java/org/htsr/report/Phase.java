package org.htsr.report;

import java.awt.Color;
import java.util.Arrays;
import java.util.Optional;

/**
 * The 5+1 phases of training (paper-anchors §1.6) in their order, with the label and colour the
 * report uses. Colours run from cool (random-like) to hot (heavy-tailed), and rank collapse, a
 * failure of a different kind, is dark.
 */
public enum Phase {
  RANDOM_LIKE("random_like", "random-like", new Color(0x9ecae1)),
  BLEEDING_OUT("bleeding_out", "bleeding-out", new Color(0x4292c6)),
  BULK_SPIKES("bulk_spikes", "bulk+spikes", new Color(0x41ab5d)),
  BULK_DECAY("bulk_decay", "bulk-decay", new Color(0xfdae6b)),
  HEAVY_TAILED("heavy_tailed", "heavy-tailed", new Color(0xd94801)),
  RANK_COLLAPSE("rank_collapse", "rank collapse", new Color(0x3f007d));

  /** Colour of a label that is none of the six (a newer classifier's, say). */
  public static final Color OTHER = new Color(0xbdbdbd);

  private final String stored;
  private final String label;
  private final Color color;

  Phase(String stored, String label, Color color) {
    this.stored = stored;
    this.label = label;
    this.color = color;
  }

  /** The phase a stored label names, if it names one. */
  public static Optional<Phase> of(String stored) {
    return Arrays.stream(values()).filter(p -> p.stored.equals(stored)).findFirst();
  }

  public String label() {
    return label;
  }

  public Color color() {
    return color;
  }
}
