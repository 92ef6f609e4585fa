package org.htsr.table;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Row;

/** A row of the {@code metadata} table: one per checkpoint, key and source. */
public final class MetadataRows {

  private MetadataRows() {}

  /** @param number the value as a number, or null */
  public static Row row(RowKey key, String name, String value, Double number, String source) {
    Map<String, Object> v = new HashMap<>();
    key.putInto(v);
    v.put("key", name);
    v.put("value", value);
    v.put("number", number);
    v.put("source", source);
    return Rows.of(Tables.METADATA_COLUMNS, v);
  }
}
