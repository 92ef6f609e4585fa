package org.htsr.report;

/** A chart written as PNG, 2× PNG and SVG: paths relative to the report directory, its size and a text alternative. */
record Figure(String png, String svg, int width, int height, String alt) {

  /** The 2× PNG beside {@code png} (x.png → x@2x.png). */
  static String doubleScale(String png) {
    return png.substring(0, png.length() - ".png".length()) + "@2x.png";
  }

  String png2x() {
    return doubleScale(png);
  }
}
