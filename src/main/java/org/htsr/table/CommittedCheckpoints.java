package org.htsr.table;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.InputFile;

/**
 * The skip check's input: the latest committed analysis of every checkpoint under one
 * configuration, read on the driver from the {@code checkpoints} table's own Parquet files, four
 * columns of them, without a Spark job. A no-op re-run over a thousand checkpoints then costs about
 * a bare start-up, whatever {@code layers} and {@code esd} hold (docs/benchmarks.md G).
 */
final class CommittedCheckpoints {

  /** The columns read, by name: Parquet reads only these column chunks. */
  private static final String PROJECTION = "message checkpoints { required binary checkpoint (STRING); "
      + "required binary checkpoint_id (STRING); required binary config_hash (STRING); required binary status (STRING); }";

  private CommittedCheckpoints() {}

  /**
   * @param batches the committed batches, oldest first: a later batch's row supersedes an
   *     earlier one's, as the views do
   */
  static Map<String, TableStore.Committed> read(FileSystem fs, Path table, List<String> batches, String configHash)
      throws IOException {
    // Parquet's own options, not a copy of Hadoop's Configuration: copying one re-parsed Hadoop's
    // default XML files, 0.2 s of a 1.5 s no-op re-run; the file is opened through fs as it is
    ParquetConfiguration options = new PlainParquetConfiguration(Map.of(ReadSupport.PARQUET_READ_SCHEMA, PROJECTION));
    Map<String, TableStore.Committed> latest = new HashMap<>();
    for (String batch : batches) {
      Path dir = new Path(table, Tables.BATCH + "=" + batch);
      if (!fs.exists(dir)) {
        continue;
      }
      for (FileStatus file : fs.listStatus(dir, p -> p.getName().endsWith(".parquet"))) {
        try (ParquetReader<Group> reader = new GroupReader(HadoopInputFile.fromStatus(file, fs.getConf()), options).build()) {
          for (Group row = reader.read(); row != null; row = reader.read()) {
            if (!configHash.equals(row.getString("config_hash", 0))) {
              continue;
            }
            latest.put(row.getString("checkpoint", 0),
                new TableStore.Committed(row.getString("checkpoint_id", 0), row.getString("status", 0), batch));
          }
        }
      }
    }
    return latest;
  }

  /** A reader of example Groups from an InputFile with Parquet's own configuration. */
  private static final class GroupReader extends ParquetReader.Builder<Group> {
    GroupReader(InputFile file, ParquetConfiguration options) {
      super(file, options);
    }

    @Override
    protected ReadSupport<Group> getReadSupport() {
      return new GroupReadSupport();
    }
  }
}
