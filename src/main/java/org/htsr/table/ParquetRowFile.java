package org.htsr.table;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Writes rows the driver holds (a run, a batch's checkpoints, failures and metadata) to one Parquet
 * file in this JVM, without a Spark job: a Spark job's planning, code generation and scheduling
 * cost more than writing a few hundred rows (docs/benchmarks.md H). The file has the physical
 * types Spark writes and reads (UTF-8 strings, INT32/INT64/DOUBLE, timestamps as INT64 micros
 * adjusted to UTC, arrays as three-level LISTs) and Spark's own schema, comments included, in its
 * footer, zstd-compressed as htsr's Spark writes are, so Spark, DuckDB or any Parquet reader reads
 * it like the files Spark writes.
 */
final class ParquetRowFile {

  /** The footer key under which Spark keeps a file's Catalyst schema. */
  static final String SPARK_SCHEMA_KEY = "org.apache.spark.sql.parquet.row.metadata";

  private ParquetRowFile() {}

  /** Writes {@code rows} (in {@code schema}'s column order) to {@code file}, replacing it. */
  static void write(Configuration conf, Path file, StructType schema, List<Row> rows) throws IOException {
    try (ParquetWriter<Row> writer = open(conf, file, schema)) {
      for (Row row : rows) {
        writer.write(row);
      }
    }
  }

  /** A writer of rows in {@code schema}'s column order to {@code file}, replacing it. */
  static ParquetWriter<Row> open(Configuration conf, Path file, StructType schema) throws IOException {
    OutputFile out = HadoopOutputFile.fromPath(file, conf);
    MessageType parquet = parquetSchema(schema);
    Builder builder = new Builder(out, schema, parquet)
        .withConf(conf)
        .withCompressionCodec(CompressionCodecName.ZSTD)
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE);
    // Eigenvalues and metrics are nearly all distinct: a dictionary of them grows, rehashes and is
    // then thrown away for plain encoding. Building it took ≈ 100 of 10,500 CPU samples of 100 zoo
    // checkpoints, much of it in the last batch's write at the run's end (docs/benchmarks.md N).
    for (String column : doubleColumns(parquet)) {
      builder = builder.withDictionaryEncoding(column, false);
    }
    return builder.build();
  }

  /** The dotted paths of a Parquet schema's DOUBLE leaf columns (array elements included). */
  static List<String> doubleColumns(MessageType schema) {
    return schema.getColumns().stream()
        .filter(c -> c.getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.DOUBLE)
        .map(c -> String.join(".", c.getPath()))
        .toList();
  }

  /** The Parquet schema Spark writes for {@code schema}'s types. */
  static MessageType parquetSchema(StructType schema) {
    Types.MessageTypeBuilder message = Types.buildMessage();
    for (StructField f : schema.fields()) {
      message.addField(field(f.name(), f.dataType(), f.nullable()));
    }
    return message.named("spark_schema");
  }

  private static Type field(String name, DataType type, boolean nullable) {
    Type.Repetition repetition = nullable ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED;
    if (type.equals(DataTypes.StringType)) {
      return Types.primitive(PrimitiveTypeName.BINARY, repetition).as(LogicalTypeAnnotation.stringType()).named(name);
    }
    if (type.equals(DataTypes.IntegerType)) {
      return Types.primitive(PrimitiveTypeName.INT32, repetition).named(name);
    }
    if (type.equals(DataTypes.LongType)) {
      return Types.primitive(PrimitiveTypeName.INT64, repetition).named(name);
    }
    if (type.equals(DataTypes.DoubleType)) {
      return Types.primitive(PrimitiveTypeName.DOUBLE, repetition).named(name);
    }
    if (type.equals(DataTypes.TimestampType)) {
      return Types.primitive(PrimitiveTypeName.INT64, repetition)
          .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS)).named(name);
    }
    if (type instanceof ArrayType array && array.elementType().equals(DataTypes.DoubleType)) {
      return Types.buildGroup(repetition).as(LogicalTypeAnnotation.listType())
          .addField(Types.repeatedGroup()
              .addField(field("element", DataTypes.DoubleType, array.containsNull()))
              .named("list"))
          .named(name);
    }
    throw new IllegalArgumentException("column " + name + ": type " + type.simpleString() + " is not written by htsr's tables");
  }

  private static final class Builder extends ParquetWriter.Builder<Row, Builder> {
    private final StructType schema;
    private final MessageType parquet;

    Builder(OutputFile file, StructType schema, MessageType parquet) {
      super(file);
      this.schema = schema;
      this.parquet = parquet;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<Row> getWriteSupport(Configuration conf) {
      return new RowWriteSupport(schema, parquet);
    }
  }

  /** Hands each row's values to Parquet's record consumer, field by field; nulls are left out. */
  private static final class RowWriteSupport extends WriteSupport<Row> {
    private final StructType schema;
    private final MessageType parquet;
    private RecordConsumer out;

    RowWriteSupport(StructType schema, MessageType parquet) {
      this.schema = schema;
      this.parquet = parquet;
    }

    @Override
    public WriteContext init(Configuration configuration) {
      Map<String, String> footer = new HashMap<>();
      footer.put(SPARK_SCHEMA_KEY, schema.json());
      return new WriteContext(parquet, footer);
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      this.out = recordConsumer;
    }

    @Override
    public void write(Row row) {
      StructField[] fields = schema.fields();
      if (row.size() != fields.length) {
        throw new IllegalArgumentException("a row of " + row.size() + " values for " + fields.length + " columns");
      }
      out.startMessage();
      for (int i = 0; i < fields.length; i++) {
        if (row.isNullAt(i)) {
          if (!fields[i].nullable()) {
            throw new IllegalArgumentException("column " + fields[i].name() + " may not be null");
          }
          continue;
        }
        out.startField(fields[i].name(), i);
        value(fields[i].dataType(), row.get(i));
        out.endField(fields[i].name(), i);
      }
      out.endMessage();
    }

    private void value(DataType type, Object v) {
      if (type.equals(DataTypes.StringType)) {
        out.addBinary(Binary.fromString((String) v));
      } else if (type.equals(DataTypes.IntegerType)) {
        out.addInteger((Integer) v);
      } else if (type.equals(DataTypes.LongType)) {
        out.addLong(((Number) v).longValue());
      } else if (type.equals(DataTypes.DoubleType)) {
        out.addDouble((Double) v);
      } else if (type.equals(DataTypes.TimestampType)) {
        Instant t = v instanceof Timestamp ts ? ts.toInstant() : (Instant) v;
        out.addLong(Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000));
      } else {
        list(doubles(v));
      }
    }

    private void list(double[] values) {
      out.startGroup();
      if (values.length > 0) {
        out.startField("list", 0);
        for (double d : values) {
          out.startGroup();
          out.startField("element", 0);
          out.addDouble(d);
          out.endField("element", 0);
          out.endGroup();
        }
        out.endField("list", 0);
      }
      out.endGroup();
    }

    private static double[] doubles(Object v) {
      if (v instanceof double[] d) {
        return d;
      }
      if (v instanceof List<?> list) {
        return list.stream().mapToDouble(x -> (Double) x).toArray();
      }
      if (v instanceof scala.collection.Seq<?> seq) {
        return scala.jdk.javaapi.CollectionConverters.asJava(seq).stream().mapToDouble(x -> (Double) x).toArray();
      }
      throw new IllegalArgumentException("an array column holds a " + v.getClass().getName());
    }
  }
}
