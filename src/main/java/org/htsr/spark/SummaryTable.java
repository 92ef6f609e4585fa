package org.htsr.spark;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.htsr.model.RowStatus;
import org.htsr.table.CheckpointRows;

/** The end-of-run table: per checkpoint, its layer rows and how many of them failed, mean α and α̂. */
final class SummaryTable {

  private SummaryTable() {}

  static void print(PrintStream out, List<CheckpointRows.Summary> summaries) {
    if (summaries.isEmpty()) {
      out.println("nothing to analyse");
      return;
    }
    int width = Math.min(60, Math.max(10, summaries.stream().mapToInt(s -> s.label().length()).max().orElse(10)));
    String format = "%-" + width + "s %8s %8s %8s %8s %8s  %s%n";
    out.printf(Locale.ROOT, format, "checkpoint", "layers", "failed", "skipped", "alpha", "alpha_w", "status");
    for (CheckpointRows.Summary s : summaries) {
      out.printf(Locale.ROOT, format,
          abbreviate(s.label(), width),
          s.layers(),
          s.layersFailed(),
          s.tensorsSkipped() == null ? "-" : s.tensorsSkipped(),
          number(s.means().alpha()),
          number(s.means().alphaWeighted()),
          s.succeeded() ? RowStatus.SUCCESS.label() : RowStatus.FAILED.label() + ": " + s.error());
    }
  }

  private static String number(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.3f", v);
  }

  private static String abbreviate(String s, int width) {
    return s.length() <= width ? s : "…" + s.substring(s.length() - width + 1);
  }
}
