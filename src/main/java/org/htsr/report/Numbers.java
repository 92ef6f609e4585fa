package org.htsr.report;

import java.util.Locale;

/** How the report writes numbers: four significant digits, exponents without padding (2.141e4), NaN as a dash. */
final class Numbers {

  private Numbers() {}

  static String format(double value) {
    if (Double.isNaN(value)) {
      return "–"; // not computed: a dash, as the tables' null, not Java's NaN
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "∞" : "−∞";
    }
    String s = String.format(Locale.ROOT, "%.4g", value);
    int e = s.indexOf('e');
    if (e < 0) {
      return trimZeros(s);
    }
    int exponent = Integer.parseInt(s.substring(e + 1));
    return trimZeros(s.substring(0, e)) + "e" + exponent;
  }

  /** {@link #format} of a nullable value; empty for null. */
  static String format(Double value) {
    return value == null ? "" : format(value.doubleValue());
  }

  private static String trimZeros(String mantissa) {
    if (!mantissa.contains(".")) {
      return mantissa;
    }
    String t = mantissa.replaceAll("0+$", "");
    return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
  }
}
