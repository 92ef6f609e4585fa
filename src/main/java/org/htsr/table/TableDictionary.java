package org.htsr.table;

import java.util.List;

/**
 * The README's table dictionary, generated from the column comments in {@link Tables} (a test
 * checks that README.md carries exactly this text; docs/experiments.md carries {@code metadata}'s). Run: {@code java -cp … org.htsr.table.TableDictionary [table…]}.
 */
public final class TableDictionary {

  private TableDictionary() {}

  public static void main(String[] args) {
    System.out.print(args.length == 0 ? markdown() : markdown(List.of(args)));
  }

  public static String markdown() {
    return markdown(List.of(Tables.LAYERS, Tables.CHECKPOINTS, Tables.ESD, Tables.FAILURES, Tables.RUNS));
  }

  /** The dictionary of some tables ({@code metadata}'s lives in docs/experiments.md). */
  public static String markdown(List<String> tables) {
    StringBuilder b = new StringBuilder();
    for (String table : tables) {
      b.append("#### `").append(table).append("`\n\n| column | type | meaning, formula, unit |\n|---|---|---|\n");
      for (Column c : Tables.columns(table)) {
        b.append("| `").append(c.name()).append("` | ").append(c.type().simpleString())
            .append(c.nullable() ? "" : " not null").append(" | ").append(c.comment().replace("|", "\\|")).append(" |\n");
      }
      b.append('\n');
    }
    return b.toString();
  }
}
