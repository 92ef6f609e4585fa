package org.htsr.io.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects one source's entries: first value of a key wins, counts and sizes bounded. */
final class Entries {

  static final String TRUNCATED_KEY = "htsr.dropped_keys";

  private final MetadataSource source;
  private final Map<String, MetadataEntry> entries = new LinkedHashMap<>();
  private int dropped;

  Entries(MetadataSource source) {
    this.source = source;
  }

  void add(String key, String value) {
    if (key == null || value == null) {
      return;
    }
    String k = MetadataLimits.key(key);
    if (k.isEmpty() || entries.containsKey(k)) {
      return;
    }
    if (entries.size() >= MetadataLimits.MAX_ENTRIES_PER_SOURCE) {
      dropped++;
      return;
    }
    entries.put(k, new MetadataEntry(k, MetadataLimits.value(value), source));
  }

  boolean has(String key) {
    return entries.containsKey(key);
  }

  String get(String key) {
    MetadataEntry e = entries.get(key);
    return e == null ? null : e.value();
  }

  /** Adds a JSON value: scalars as text, objects flattened to dotted keys, arrays of scalars as JSON text. */
  void addJson(String key, JsonNode node, int depth) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return;
    }
    if (node.isObject()) {
      if (depth >= MetadataLimits.MAX_DEPTH) {
        add(key, "{object nested deeper than " + MetadataLimits.MAX_DEPTH + " levels}");
        return;
      }
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        addJson(key.isEmpty() ? field.getKey() : key + "." + field.getKey(), field.getValue(), depth + 1);
      }
    } else if (node.isArray()) {
      // lists (hidden sizes, architectures) stay one value: bounded by the value limit
      add(key, node.toString());
    } else {
      add(key, node.asText());
    }
  }

  List<MetadataEntry> list() {
    List<MetadataEntry> out = new ArrayList<>(entries.values());
    if (dropped > 0) {
      out.add(new MetadataEntry(TRUNCATED_KEY, dropped + " keys beyond " + MetadataLimits.MAX_ENTRIES_PER_SOURCE + " dropped", source));
    }
    return out;
  }
}
