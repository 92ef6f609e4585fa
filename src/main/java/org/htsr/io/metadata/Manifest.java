package org.htsr.io.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.htsr.io.InputFiles;

/**
 * A user's manifest ({@code --manifest FILE}): what describes checkpoints but lives elsewhere (a
 * W&amp;B export, a spreadsheet). CSV with a header row, or a JSON array of objects. Each row names
 * its checkpoints by {@code path} (a glob; relative globs match the end of the path, e.g.
 * {@code bs8/*}{@code /model.safetensors}) or by {@code model} (the model name from the path); every
 * other column is a key. When several rows match, the later row wins.
 */
public final class Manifest implements MetadataReader, Serializable {

  private static final long serialVersionUID = 1L;
  static final String PATH = "path";
  static final String MODEL = "model";

  /** One row: how it matches, and its values. */
  record Row(String pathGlob, String model, Map<String, String> values) implements Serializable {}

  private final String location;
  private final List<Row> rows;
  private transient List<PathMatcher> matchers;

  Manifest(String location, List<Row> rows) {
    this.location = location;
    this.rows = List.copyOf(rows);
  }

  /**
   * Reads a manifest from a local file.
   *
   * @throws IllegalArgumentException naming the file and the row, for anything malformed
   */
  public static Manifest load(Path file) {
    try {
      if (Files.size(file) > MetadataLimits.MAX_FILE_BYTES) {
        throw new IllegalArgumentException("--manifest " + file + ": larger than " + MetadataLimits.MAX_FILE_BYTES + " bytes");
      }
      String text = Files.readString(file, StandardCharsets.UTF_8);
      String head = text.stripLeading();
      List<Map<String, String>> records = head.startsWith("[") || head.startsWith("{") ? json(file, text) : Csv.parse(file.toString(), text);
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < records.size(); i++) {
        Map<String, String> r = new LinkedHashMap<>(records.get(i));
        String glob = blankToNull(r.remove(PATH));
        String model = blankToNull(r.remove(MODEL));
        if (glob == null && model == null) {
          throw new IllegalArgumentException("--manifest " + file + ": row " + (i + 1) + " has neither a 'path' glob nor a 'model' name");
        }
        rows.add(new Row(glob, model, r));
      }
      return new Manifest(file.toString(), rows);
    } catch (IOException e) {
      throw new IllegalArgumentException("--manifest " + file + ": cannot read: " + e.getMessage(), e);
    }
  }

  public int size() {
    return rows.size();
  }

  @Override
  public MetadataSource source() {
    return MetadataSource.MANIFEST;
  }

  @Override
  public List<MetadataEntry> read(CheckpointLocation checkpoint, InputFiles files) {
    Path path = Path.of(pathPart(checkpoint.uri()));
    Map<String, String> merged = new LinkedHashMap<>();
    List<PathMatcher> m = matchers();
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      boolean matches = row.model() != null ? row.model().equals(checkpoint.model()) : m.get(i).matches(path);
      if (matches) {
        merged.putAll(row.values());
      }
    }
    Entries out = new Entries(source());
    merged.forEach((k, v) -> {
      if (!v.isBlank()) {
        out.add(k, v);
      }
    });
    return out.list();
  }

  @Override
  public String toString() {
    return "manifest " + location + " (" + rows.size() + " rows)";
  }

  private List<PathMatcher> matchers() {
    if (matchers == null) {
      List<PathMatcher> list = new ArrayList<>();
      for (Row r : rows) {
        if (r.pathGlob() == null) {
          list.add(null);
        } else {
          String g = pathPart(r.pathGlob());
          list.add(FileSystems.getDefault().getPathMatcher("glob:" + (g.startsWith("/") ? g : "{" + g + ",**/" + g + "}")));
        }
      }
      matchers = list;
    }
    return matchers;
  }

  /** The path of a URI ({@code file:/a/b}, {@code hdfs://nn/a/b}) or a plain path. */
  static String pathPart(String uri) {
    int scheme = uri.indexOf(':');
    if (scheme > 1 && uri.substring(0, scheme).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
      String rest = uri.substring(scheme + 1);
      if (rest.startsWith("//")) {
        int slash = rest.indexOf('/', 2);
        return slash < 0 ? "/" : rest.substring(slash);
      }
      return rest;
    }
    return uri;
  }

  private static List<Map<String, String>> json(Path file, String text) throws IOException {
    JsonNode root;
    try {
      root = SidecarJson.MAPPER.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException("--manifest " + file + ": not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isArray()) {
      throw new IllegalArgumentException("--manifest " + file + ": a JSON manifest is an array of objects, one per row");
    }
    List<Map<String, String>> out = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      JsonNode row = root.get(i);
      if (!row.isObject()) {
        throw new IllegalArgumentException("--manifest " + file + ": row " + (i + 1) + " is not an object");
      }
      Entries flat = new Entries(MetadataSource.MANIFEST);
      flat.addJson("", row, 0);
      Map<String, String> values = new LinkedHashMap<>();
      flat.list().forEach(e -> values.put(e.key(), e.value()));
      out.add(values);
    }
    return out;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
