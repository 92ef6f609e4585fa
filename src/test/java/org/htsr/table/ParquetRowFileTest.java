package org.htsr.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.htsr.testing.LocalSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files the driver writes without Spark read back through Spark exactly as written, nulls,
 * timestamps, arrays and column comments included, for every table's schema.
 */
class ParquetRowFileTest {

  @TempDir Path dir;

  @Test
  void everyTableRoundTripsThroughSpark() throws Exception {
    SparkSession spark = LocalSpark.session();
    for (String table : java.util.stream.Stream.concat(Tables.BATCH_TABLES.stream(), java.util.stream.Stream.of(Tables.RUNS)).toList()) {
      StructType schema = Tables.schema(table);
      List<Row> rows = List.of(row(schema, 1), row(schema, 2), nullsWherePossible(schema));
      Path file = dir.resolve(table + ".parquet");
      ParquetRowFile.write(new Configuration(), new org.apache.hadoop.fs.Path(file.toUri()), schema, rows);

      List<Row> back = spark.read().schema(schema).parquet(file.toString()).collectAsList();
      assertEquals(rows.size(), back.size(), table);
      for (int r = 0; r < rows.size(); r++) {
        for (int i = 0; i < schema.size(); i++) {
          assertEquals(normalise(rows.get(r).get(i)), normalise(back.get(r).get(i)), table + "." + schema.fields()[i].name());
        }
      }
      // read as any engine would, from the file's own footer: same types, and the comments
      StructType inferred = spark.read().parquet(file.toString()).schema();
      // (Spark reads every column of a file as nullable, as for the files it writes itself)
      assertEquals(java.util.Arrays.stream(schema.fields()).map(f -> f.name() + ":" + f.dataType().simpleString()).toList(),
          java.util.Arrays.stream(inferred.fields()).map(f -> f.name() + ":" + f.dataType().simpleString()).toList(), table);
      assertTrue(inferred.fields()[0].metadata().contains("comment"), table);
    }
  }

  @Test
  void doubleColumnsArePlainEncodedAndStringsKeepTheirDictionary() throws Exception {
    StructType schema = Tables.schema(Tables.ESD);
    List<Row> rows = new ArrayList<>();
    // two values per column, repeated: a dictionary pays for every column that may have one
    for (int r = 0; r < 50; r++) {
      rows.add(row(schema, 1 + r % 2));
    }
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir.resolve("esd.parquet").toUri());
    ParquetRowFile.write(new Configuration(), file, schema, rows);
    try (org.apache.parquet.hadoop.ParquetFileReader reader = org.apache.parquet.hadoop.ParquetFileReader.open(
        org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(file, new Configuration()))) {
      int doubles = 0;
      for (var chunk : reader.getFooter().getBlocks().get(0).getColumns()) {
        boolean dictionary = chunk.getEncodings().stream().anyMatch(org.apache.parquet.column.Encoding::usesDictionary);
        if (chunk.getPrimitiveType().getPrimitiveTypeName() == org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.DOUBLE) {
          doubles++;
          assertTrue(!dictionary, chunk.getPath() + " has a dictionary: " + chunk.getEncodings());
        } else if (chunk.getPath().toDotString().equals("layer_name")) {
          assertTrue(dictionary, "layer_name lost its dictionary: " + chunk.getEncodings());
        }
      }
      assertEquals(List.of("eigenvalues.list.element", "rand_eigenvalues.list.element"),
          ParquetRowFile.doubleColumns(ParquetRowFile.parquetSchema(schema)));
      assertEquals(2, doubles);
    }
  }

  @Test
  void aNullInARequiredColumnIsRefused() {
    StructType schema = Tables.schema(Tables.RUNS);
    Row nulls = RowFactory.create(new Object[schema.size()]);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ParquetRowFile.write(new Configuration(), new org.apache.hadoop.fs.Path(dir.resolve("bad.parquet").toUri()), schema, List.of(nulls)));
    assertEquals("column run_id may not be null", e.getMessage());
  }

  /** Distinct values of each column's type, varying with {@code seed}. */
  private static Row row(StructType schema, int seed) {
    List<Object> v = new ArrayList<>();
    for (var f : schema.fields()) {
      String type = f.dataType().simpleString();
      v.add(switch (type) {
        case "string" -> f.name() + "-" + seed + "-ü";
        case "int" -> seed * 7 + f.name().length();
        case "bigint" -> (long) seed << 40;
        case "double" -> seed / 3.0;
        case "timestamp" -> Timestamp.from(Instant.parse("2026-12-06T07:00:00.123456Z").plusSeconds(seed));
        case "array<double>" -> scala.jdk.javaapi.CollectionConverters.asScala(List.of(1.5 * seed, -0.0, Double.MIN_VALUE)).toSeq();
        default -> throw new IllegalStateException(f.name() + " of type " + type + " has no test value");
      });
    }
    return RowFactory.create(v.toArray());
  }

  private static Row nullsWherePossible(StructType schema) {
    Row base = row(schema, 3);
    Object[] v = new Object[schema.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = schema.fields()[i].nullable() ? null : base.get(i);
    }
    return RowFactory.create(v);
  }

  private static Object normalise(Object v) {
    if (v instanceof scala.collection.Seq<?> s) {
      return scala.jdk.javaapi.CollectionConverters.asJava(s);
    }
    return v;
  }
}
