package org.htsr.io.metadata;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything known about one checkpoint: every source's entries (one per key and source), in
 * precedence order.
 */
public record CheckpointMetadata(List<MetadataEntry> entries) implements java.io.Serializable {

  public static final CheckpointMetadata NONE = new CheckpointMetadata(List.of());

  public CheckpointMetadata {
    entries = List.copyOf(entries);
  }

  /** Per key, the entry of the highest-precedence source that has it. */
  public Map<String, MetadataEntry> resolved() {
    Map<String, MetadataEntry> out = new LinkedHashMap<>();
    for (MetadataEntry e : entries) {
      MetadataEntry old = out.get(e.key());
      if (old == null || e.source().ordinal() < old.source().ordinal()) {
        out.put(e.key(), e);
      }
    }
    return out;
  }

  /** The step by precedence (manifest &gt; trainer_state &gt; file &gt; path), or null when none reads as a whole number ≥ 0. */
  public Long step() {
    for (MetadataEntry e : entries) {
      if (e.key().equals("step") && e.value().trim().matches("\\d{1,18}")) {
        return Long.parseLong(e.value().trim());
      }
    }
    return null;
  }
}
