package org.htsr.table;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** Builds a {@link Row} in a table's column order from named values (absent names are null). */
final class Rows {

  private Rows() {}

  static Row of(List<Column> columns, Map<String, Object> values) {
    Object[] out = new Object[columns.size()];
    int named = 0;
    Column missing = null;
    for (int i = 0; i < out.length; i++) {
      Column c = columns.get(i);
      Object v = values.get(c.name());
      if (v != null || values.containsKey(c.name())) {
        named++;
      }
      if (v == null && !c.nullable() && missing == null) {
        missing = c;
      }
      out[i] = v;
    }
    if (named < values.size()) {
      // a name that is no column (a misspelt name, not a null value), reported first; searched
      // only now: by name per value, over a table's ~80 columns, it cost 0.06 s of 1,400 layer
      // rows (docs/benchmarks.md P)
      for (String name : values.keySet()) {
        if (columns.stream().noneMatch(c -> c.name().equals(name))) {
          throw new IllegalStateException("no column is named " + name);
        }
      }
    }
    if (missing != null) {
      throw new IllegalStateException("column " + missing.name() + " may not be null");
    }
    return RowFactory.create(out);
  }
}
