package org.htsr.analysis;

/** A tensor that is not analysed, and why (not a failure). */
public record SkippedTensor(String name, String reason) {}
