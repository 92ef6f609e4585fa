package org.htsr.spark;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Prints a query result as RFC 4180 CSV with a header line, or as an aligned text table. */
final class ResultPrinter {

  private ResultPrinter() {}

  static void print(PrintStream out, Dataset<Row> result, boolean asTable) {
    String[] names = result.columns();
    List<Row> rows = result.collectAsList();
    if (asTable) {
      printTable(out, names, rows);
      return;
    }
    out.println(csvLine(List.of(names)));
    for (Row r : rows) {
      List<String> cells = new ArrayList<>();
      for (int i = 0; i < names.length; i++) {
        cells.add(cell(r, i));
      }
      out.println(csvLine(cells));
    }
  }

  private static String cell(Row r, int i) {
    if (r.isNullAt(i)) {
      return "";
    }
    Object v = r.get(i);
    if (v instanceof scala.collection.Seq<?> seq) {
      return scala.jdk.javaapi.CollectionConverters.asJava(seq).toString();
    }
    return String.valueOf(v);
  }

  private static String csvLine(List<String> cells) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      String c = cells.get(i);
      if (c.contains(",") || c.contains("\"") || c.contains("\n") || c.contains("\r")) {
        b.append('"').append(c.replace("\"", "\"\"")).append('"');
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static void printTable(PrintStream out, String[] names, List<Row> rows) {
    int[] width = new int[names.length];
    List<String[]> cells = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      width[i] = names[i].length();
    }
    for (Row r : rows) {
      String[] c = new String[names.length];
      for (int i = 0; i < names.length; i++) {
        c[i] = r.isNullAt(i) ? "null" : cell(r, i);
        if (c[i].length() > 80) {
          c[i] = c[i].substring(0, 77) + "...";
        }
        width[i] = Math.max(width[i], c[i].length());
      }
      cells.add(c);
    }
    out.println(line(names, width));
    StringBuilder rule = new StringBuilder();
    for (int w : width) {
      rule.append("-".repeat(w)).append("  ");
    }
    out.println(rule.toString().stripTrailing());
    for (String[] c : cells) {
      out.println(line(c, width));
    }
    out.println("(" + rows.size() + " rows)");
  }

  private static String line(String[] cells, int[] width) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      b.append(String.format("%-" + width[i] + "s", cells[i]));
      if (i < cells.length - 1) {
        b.append("  ");
      }
    }
    return b.toString().stripTrailing();
  }
}
