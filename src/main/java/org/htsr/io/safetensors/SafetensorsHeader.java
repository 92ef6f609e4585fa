package org.htsr.io.safetensors;

import org.htsr.io.CheckpointFormatException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.htsr.io.CheckpointFormatException.Problem;
import org.htsr.model.TensorInfo;

/**
 * The validated header of a safetensors file: its tensors in header order, each with its bytes
 * {@code [begin, end)} relative to the data section, and the {@code __metadata__} strings.
 */
final class SafetensorsHeader {

  /** One tensor and where its bytes lie in the data section. */
  record Entry(TensorInfo info, long begin, long end) {
    String name() {
      return info.name();
    }
  }

  private final List<Entry> entries;
  private final Map<String, Entry> byName;
  private final Map<String, String> metadata;

  private SafetensorsHeader(List<Entry> entries, Map<String, String> metadata) {
    this.entries = List.copyOf(entries);
    this.metadata = Map.copyOf(metadata);
    this.byName = new HashMap<>();
    for (Entry entry : entries) {
      byName.put(entry.name(), entry);
    }
  }

  /**
   * Checks what involves several tensors, given entries that are each valid on their own (unique
   * names, shapes that match their spans): no two spans overlap, and all lie inside the data
   * section of {@code dataLength} bytes.
   */
  static SafetensorsHeader of(
      String location, List<Entry> entries, Map<String, String> metadata, long dataLength)
      throws CheckpointFormatException {
    checkNoOverlap(location, entries);
    checkInside(location, entries, dataLength);
    return new SafetensorsHeader(entries, metadata);
  }

  List<TensorInfo> tensors() {
    return entries.stream().map(Entry::info).toList();
  }

  Map<String, String> metadata() {
    return metadata;
  }

  /** The entry of a tensor this header listed; another tensor is a caller's bug. */
  Entry entry(TensorInfo tensor) {
    Entry entry = byName.get(tensor.name());
    if (entry == null || !entry.info().equals(tensor)) {
      throw new IllegalArgumentException("not a tensor of this file: " + tensor);
    }
    return entry;
  }

  private static void checkNoOverlap(String location, List<Entry> entries)
      throws CheckpointFormatException {
    List<Entry> byBegin =
        entries.stream()
            .filter(e -> e.end() > e.begin()) // empty spans hold no bytes, so overlap nothing
            .sorted(Comparator.comparingLong(Entry::begin))
            .toList();
    for (int i = 1; i < byBegin.size(); i++) {
      Entry previous = byBegin.get(i - 1);
      Entry entry = byBegin.get(i);
      if (entry.begin() < previous.end()) {
        throw new CheckpointFormatException(
            location,
            entry.name(),
            Problem.OVERLAP,
            "bytes %s overlap those of tensor '%s' %s"
                .formatted(span(entry), previous.name(), span(previous)));
      }
    }
  }

  /**
   * A file cut short is {@link Problem#TRUNCATED}: its spans still tile {@code [0, end)} without
   * gaps, only the end is missing. Spans that jump past the end are {@link Problem#OUT_OF_RANGE}.
   */
  private static void checkInside(String location, List<Entry> entries, long dataLength)
      throws CheckpointFormatException {
    long end = 0;
    long filled = 0;
    Entry first = null;
    for (Entry entry : entries) {
      end = Math.max(end, entry.end());
      filled += entry.end() - entry.begin(); // no overflow: disjoint spans below 2^63
      if (first == null && entry.end() > dataLength) {
        first = entry;
      }
    }
    if (first != null) {
      boolean cutShort = filled == end;
      throw new CheckpointFormatException(
          location,
          first.name(),
          cutShort ? Problem.TRUNCATED : Problem.OUT_OF_RANGE,
          "bytes %s lie beyond the data section of %d bytes%s"
              .formatted(
                  span(first),
                  dataLength,
                  cutShort ? " (the file ends " + (end - dataLength) + " bytes early)" : ""));
    }
  }

  private static String span(Entry entry) {
    return "[" + entry.begin() + ", " + entry.end() + ")";
  }
}
