package org.htsr.analysis;

import java.util.OptionalLong;

/**
 * Whether and how layers get a randomized ESD (WeightWatcher's {@code randomize=True}): every
 * matrix's entries shuffled, re-solved. Seeded, unlike WeightWatcher: a layer's shuffles come from
 * a stream seeded by the run's seed and the layer's identity, so results do not depend on the
 * order or placement of tasks.
 */
public record Randomization(OptionalLong seed) {

  public static Randomization off() {
    return new Randomization(OptionalLong.empty());
  }

  public static Randomization seeded(long seed) {
    return new Randomization(OptionalLong.of(seed));
  }

  /** The seed of one layer's shuffles: the run's seed mixed with the tensor name and slice. */
  long layerSeed(String tensor, int slice) {
    long h = seed.orElseThrow() * 0x9E3779B97F4A7C15L;
    for (int i = 0; i < tensor.length(); i++) {
      h = (h ^ tensor.charAt(i)) * 0x100000001B3L;
    }
    return h ^ (slice + 1L) * 0xBF58476D1CE4E5B9L;
  }
}
