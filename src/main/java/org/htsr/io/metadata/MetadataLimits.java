package org.htsr.io.metadata;

/**
 * Bounds on what metadata may cost: a checkpoint's {@code __metadata__} may legally be 100 MB, and
 * a manifest or trainer file is whatever someone wrote. Values are truncated, keys beyond the
 * per-source count dropped (with a note), control characters escaped, so the table stays small and
 * printable and nothing here can fail the analysis.
 */
public final class MetadataLimits {

  /** Longest key kept, in characters. */
  public static final int MAX_KEY_CHARS = 200;
  /** Longest value kept, in characters; longer values end with a truncation note. */
  public static final int MAX_VALUE_CHARS = 4096;
  /** Keys kept per source and checkpoint. */
  public static final int MAX_ENTRIES_PER_SOURCE = 1000;
  /** Nesting followed when flattening JSON (deeper objects are summarised, not walked). */
  public static final int MAX_DEPTH = 8;
  /** Largest sidecar JSON (trainer_state.json, config.json) read. */
  public static final int MAX_FILE_BYTES = 32 << 20;

  private MetadataLimits() {}

  /** The key, printable and at most {@link #MAX_KEY_CHARS} long. */
  public static String key(String raw) {
    String k = printable(raw);
    return k.length() <= MAX_KEY_CHARS ? k : k.substring(0, MAX_KEY_CHARS);
  }

  /** The value, printable and at most {@link #MAX_VALUE_CHARS} long (plus a note saying how long it was). */
  public static String value(String raw) {
    if (raw.length() > MAX_VALUE_CHARS) {
      return printable(raw.substring(0, MAX_VALUE_CHARS)) + "…[truncated: " + raw.length() + " chars]";
    }
    return printable(raw);
  }

  /** Control characters (binary values, NULs, escapes) as \\uXXXX, so values print and diff safely. */
  private static String printable(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean control = Character.isISOControl(c) && c != '\n' && c != '\t' || c == '\ufffd';
      if (control && b == null) {
        b = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      if (b != null) {
        if (control) {
          b.append(String.format("\\u%04x", (int) c));
        } else {
          b.append(c);
        }
      }
    }
    return b == null ? s : b.toString();
  }
}
