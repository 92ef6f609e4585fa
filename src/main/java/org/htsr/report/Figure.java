package org.htsr.report;

/** A chart written as PNG and SVG: paths relative to the report directory, its size and a text alternative. */
record Figure(String png, String svg, int width, int height, String alt) {}
