package org.htsr.report;

import java.nio.file.Path;

/** What {@link ReportWriter} wrote: the page and how many charts (each a PNG and an SVG). */
public record ReportResult(Path index, int charts) {}
