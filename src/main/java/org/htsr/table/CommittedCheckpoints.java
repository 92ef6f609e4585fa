package org.htsr.table;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * The skip check's input: the latest committed analysis of every checkpoint under one
 * configuration, read on the driver from the {@code checkpoints} table's own Parquet files, four
 * columns of them, without a Spark job. A no-op re-run over a thousand checkpoints then costs about
 * a bare start-up, whatever {@code layers} and {@code esd} hold (docs/benchmarks.md G).
 */
final class CommittedCheckpoints {

  /** The columns read, by name: Parquet reads only these column chunks. */
  private static final MessageType PROJECTION = MessageTypeParser.parseMessageType("message checkpoints { "
      + "required binary checkpoint (STRING); required binary checkpoint_id (STRING); "
      + "required binary config_hash (STRING); required binary status (STRING); }");

  private CommittedCheckpoints() {}

  /**
   * @param batches the committed batches, oldest first: a later batch's row supersedes an
   *     earlier one's, as the views do
   */
  static Map<String, TableStore.Committed> read(FileSystem fs, Path table, List<String> batches, String configHash)
      throws IOException {
    // Parquet's file reader with its own options: the record reader's builders turn any options into
    // a fresh Hadoop Configuration, which re-parses Hadoop's default XML files (0.2 s of a 1.5 s
    // no-op re-run); the file is opened through fs as it is
    ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration()).build();
    Map<String, TableStore.Committed> latest = new HashMap<>();
    for (String batch : batches) {
      Path dir = new Path(table, Tables.BATCH + "=" + batch);
      if (!fs.exists(dir)) {
        continue;
      }
      for (FileStatus file : fs.listStatus(dir, p -> p.getName().endsWith(".parquet"))) {
        readFile(fs, file, options, configHash, batch, latest);
      }
    }
    return latest;
  }

  /** Puts each row of {@code file} under {@code configHash} into {@code latest} (later batches win). */
  private static void readFile(FileSystem fs, FileStatus file, ParquetReadOptions options, String configHash, String batch,
      Map<String, TableStore.Committed> latest) throws IOException {
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromStatus(file, fs.getConf()), options)) {
      MessageColumnIO columns = new ColumnIOFactory().getColumnIO(PROJECTION, reader.getFooter().getFileMetaData().getSchema());
      reader.setRequestedSchema(PROJECTION);
      for (PageReadStore rowGroup = reader.readNextRowGroup(); rowGroup != null; rowGroup = reader.readNextRowGroup()) {
        RecordReader<Group> rows = columns.getRecordReader(rowGroup, new GroupRecordConverter(PROJECTION));
        for (long r = 0; r < rowGroup.getRowCount(); r++) {
          Group row = rows.read();
          if (configHash.equals(row.getString("config_hash", 0))) {
            latest.put(row.getString("checkpoint", 0),
                new TableStore.Committed(row.getString("checkpoint_id", 0), row.getString("status", 0), batch));
          }
        }
      }
    }
  }
}
