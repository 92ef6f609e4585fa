package org.htsr.table;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;

/**
 * A documented column: its name, type and a comment that says what it means, its formula and
 * unit. The comment is stored in the Parquet schema's metadata (Spark's "comment" key), so
 * {@code DESCRIBE} shows it, and the README's table dictionary is generated from the same text.
 */
public record Column(String name, DataType type, boolean nullable, String comment) {

  public StructField field() {
    Metadata metadata = new MetadataBuilder().putString("comment", comment).build();
    return new StructField(name, type, nullable, metadata);
  }
}
