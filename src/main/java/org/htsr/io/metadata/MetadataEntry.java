package org.htsr.io.metadata;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One key of a checkpoint's metadata.
 *
 * @param key dotted name ({@code hyper_parameters.lr}, {@code eval_accuracy})
 * @param value the value as text (bounded by {@link MetadataLimits})
 * @param source where it came from
 */
public record MetadataEntry(String key, String value, MetadataSource source) implements java.io.Serializable {

  private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  public MetadataEntry {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(source, "source");
  }

  /** The value as a finite number when it reads as one (decimal notation only), else null. */
  public Double number() {
    String v = value.trim();
    if (v.isEmpty() || v.length() > 64 || !NUMBER.matcher(v).matches()) {
      return null;
    }
    double d = Double.parseDouble(v);
    return Double.isFinite(d) ? d : null;
  }
}
