package org.htsr.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/** Checks, for the jobs that only read tables, that the tables are where the user said. */
final class TableLocations {

  private TableLocations() {}

  /**
   * @throws IllegalArgumentException naming the location when it does not exist: reading must
   *     never create it (a typo would otherwise read as an empty result)
   */
  static void requireExisting(SparkSession spark, String out) {
    Path path = new Path(out);
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(path)) {
        throw new IllegalArgumentException("--out " + fs.makeQualified(path) + ": no tables there (no such directory)");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach the tables at " + out + ": " + e.getMessage(), e);
    }
  }
}
