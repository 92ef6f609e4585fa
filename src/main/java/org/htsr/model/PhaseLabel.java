package org.htsr.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A layer's phase, with its heavy-tail class when the phase is heavy-tailed, and the reason: one
 * sentence a person reads, with the numbers that decided it ({@code phase}, {@code phase_reason}).
 */
public record PhaseLabel(Phase phase, Optional<HeavyTailClass> subclass, String reason) {

  public PhaseLabel {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(subclass, "subclass");
    Objects.requireNonNull(reason, "reason");
  }
}
