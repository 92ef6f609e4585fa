package org.htsr.report;

/** A layer's 5+1 phase label (one of {@link Phase}'s names, as stored) and why it was given. */
public record PhaseLabel(String phase, String reason) {}
