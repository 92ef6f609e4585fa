package org.htsr.report;

import java.awt.Color;
import java.util.Arrays;
import java.util.Optional;

/**
 * How the report draws each of the 5+1 phases ({@link org.htsr.model.Phase}, in their order): the
 * label people read and a colour. Colours run from cool (random-like) to hot (heavy-tailed), and rank collapse, a
 * failure of a different kind, is dark.
 */
public enum PhaseStyle {
  RANDOM_LIKE(org.htsr.model.Phase.RANDOM_LIKE, "random-like", new Color(0x9ecae1)),
  BLEEDING_OUT(org.htsr.model.Phase.BLEEDING_OUT, "bleeding-out", new Color(0x4292c6)),
  BULK_SPIKES(org.htsr.model.Phase.BULK_SPIKES, "bulk+spikes", new Color(0x41ab5d)),
  BULK_DECAY(org.htsr.model.Phase.BULK_DECAY, "bulk-decay", new Color(0xfdae6b)),
  HEAVY_TAILED(org.htsr.model.Phase.HEAVY_TAILED, "heavy-tailed", new Color(0xd94801)),
  RANK_COLLAPSE(org.htsr.model.Phase.RANK_COLLAPSE, "rank collapse", new Color(0x3f007d));

  /** Colour of a label that is none of the six (a newer classifier's, say). */
  public static final Color OTHER = new Color(0xbdbdbd);

  private final String stored;
  private final String label;
  private final Color color;

  PhaseStyle(org.htsr.model.Phase phase, String label, Color color) {
    this.stored = phase.label();
    this.label = label;
    this.color = color;
  }

  /** The label as the layers table stores it (random_like, …). */
  public String stored() {
    return stored;
  }

  /** The phase a stored label names, if it names one. */
  public static Optional<PhaseStyle> of(String stored) {
    return Arrays.stream(values()).filter(p -> p.stored.equals(stored)).findFirst();
  }

  public String label() {
    return label;
  }

  public Color color() {
    return color;
  }
}
