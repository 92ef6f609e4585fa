package org.htsr.config;

import java.util.Locale;

/** {@code jobs/query --format}: how a result is printed. */
public enum OutputFormat {
  /** RFC 4180 CSV with a header line, for programs. */
  CSV,
  /** Aligned columns and a row count, for people. */
  TABLE;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static OutputFormat parse(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    for (OutputFormat f : values()) {
      if (f.label().equals(v)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown --format '" + value + "': expected csv or table");
  }
}
