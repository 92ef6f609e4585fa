package org.htsr.table;

import java.io.Closeable;
import java.io.IOException;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.spark.sql.Row;

/**
 * Where the executors' rows of one batch go: one Parquet file per table and per partition of the
 * write, in the batch's staged folders, written where the rows are (no Spark SQL job, no rows
 * through the driver). A retried partition rewrites its own files; the batch's commit moves the
 * folders as for rows staged by Spark.
 */
public record StagedPart(String root, String batch) implements Serializable {

  /** The writers of one partition; a table's file is created at its first row. */
  public Writers open(Configuration conf, int partition) {
    return new Writers(conf, partition);
  }

  /** Open writers of one partition of the write, one per table that got rows. */
  public final class Writers implements Closeable {
    private final Configuration conf;
    private final int partition;
    private final Map<String, ParquetWriter<Row>> open = new HashMap<>();

    private Writers(Configuration conf, int partition) {
      this.conf = conf;
      this.partition = partition;
    }

    public void write(String table, Row row) throws IOException {
      ParquetWriter<Row> w = open.get(table);
      if (w == null) {
        Path dir = TableStore.stagedFolder(new Path(root), batch, table);
        w = ParquetRowFile.open(conf, new Path(dir, String.format("part-%05d.zstd.parquet", partition)), Tables.schema(table));
        open.put(table, w);
      }
      w.write(row);
    }

    @Override
    public void close() throws IOException {
      IOException first = null;
      for (ParquetWriter<Row> w : open.values()) {
        try {
          w.close();
        } catch (IOException e) {
          first = first == null ? e : first;
        }
      }
      if (first != null) {
        throw first;
      }
    }
  }
}
