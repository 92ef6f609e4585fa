package org.htsr.report;

/**
 * The phase of a layer as the report reads it from the layers table: the stored label ({@code
 * phase}) and its reason; {@link PhaseStyle} says how it is drawn. Display-side twin of {@link
 * org.htsr.model.PhaseLabel}.
 */
public record PhaseReading(String phase, String reason) {}
