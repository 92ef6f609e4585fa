package org.htsr.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * WeightWatcher 0.7.5.5's per-layer output in src/test/resources/reference/ww (see its README: made with
 * numpy 1.24.2, scipy 1.10.1, OpenBLAS 0.3.21, every float tensor of ≥ 2 dims handed to WW's
 * state-dict path; {@code <mode>.json} holds the exact arguments and versions).
 */
public final class WwReference {

  private WwReference() {}

  /** One reference row: column name → text. */
  public record Row(Map<String, String> values) {

    public String input() {
      return values.get("input");
    }

    public String tensor() {
      return values.get("tensor");
    }

    public double number(String column) {
      return Double.parseDouble(values.get(column));
    }

    public String text(String column) {
      return values.get(column);
    }
  }

  /**
   * The rows of {@code reference/ww/<set>/<mode>.csv} ({@code set} = models or synthetic), without
   * those of files that are not shipped (mp_gauss_4096.safetensors, per the README).
   */
  public static List<Row> load(String set, String mode) {
    Path csv = SharedData.resolve("reference/ww/" + set + "/" + mode + ".csv");
    try {
      List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
      List<String> header = Csv.parseLine(lines.get(0));
      List<Row> rows = new ArrayList<>();
      for (String line : lines.subList(1, lines.size())) {
        if (line.isBlank()) {
          continue;
        }
        List<String> cells = Csv.parseLine(line);
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
          values.put(header.get(i), i < cells.size() ? cells.get(i) : "");
        }
        Row row = new Row(values);
        if (Files.exists(SharedData.resolve(set + "/" + row.input()))) {
          rows.add(row);
        }
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
