package org.htsr.report;

/** One row of the {@code failures} table ({@code layerName} null when the whole checkpoint failed). */
public record FailureRow(String checkpoint, String layerName, String stage, String errorClass, String message) {}
