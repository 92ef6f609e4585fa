package org.htsr.io.metadata;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF) with a header row, as spreadsheets export it. */
final class Csv {

  private Csv() {}

  static List<Map<String, String>> parse(String location, String text) {
    List<List<String>> records = records(location, text.startsWith("\ufeff") ? text.substring(1) : text);
    if (records.isEmpty()) {
      throw new IllegalArgumentException("--manifest " + location + ": empty (a header row is required)");
    }
    List<String> header = records.get(0).stream().map(String::trim).toList();
    List<Map<String, String>> rows = new ArrayList<>();
    for (int r = 1; r < records.size(); r++) {
      List<String> fields = records.get(r);
      if (fields.size() == 1 && fields.get(0).isBlank()) {
        continue;
      }
      if (fields.size() != header.size()) {
        throw new IllegalArgumentException("--manifest " + location + ": row " + r + " has " + fields.size() + " fields, the header " + header.size());
      }
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        row.put(header.get(i), fields.get(i).trim());
      }
      rows.add(row);
    }
    return rows;
  }

  private static List<List<String>> records(String location, String text) {
    List<List<String>> out = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"' && field.isEmpty()) {
        quoted = true;
      } else if (c == ',') {
        record.add(field.toString());
        field.setLength(0);
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        record.add(field.toString());
        field.setLength(0);
        out.add(record);
        record = new ArrayList<>();
      } else {
        field.append(c);
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("--manifest " + location + ": a quoted field is not closed");
    }
    if (!field.isEmpty() || !record.isEmpty()) {
      record.add(field.toString());
      out.add(record);
    }
    return out;
  }
}
