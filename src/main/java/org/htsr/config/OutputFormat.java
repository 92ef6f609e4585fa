package org.htsr.config;

/** {@code jobs/query --format}: how a result is printed. */
public enum OutputFormat {
  /** RFC 4180 CSV with a header line, for programs. */
  CSV,
  /** Aligned columns and a row count, for people. */
  TABLE;

  public String label() {
    return EnumOptions.lowerCase(this);
  }

  public static OutputFormat parse(String value) {
    return EnumOptions.parse(OutputFormat.class, value, "--format", OutputFormat::label);
  }
}
