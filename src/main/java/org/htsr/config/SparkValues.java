package org.htsr.config;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Spark properties given with {@code --conf k=v} whose values Spark would only reject later, with
 * a stack trace: byte sizes and counts are checked here, at the boundary, in one line.
 */
final class SparkValues {

  private static final Set<String> SIZE_KEYS = Set.of(
      "spark.executor.memory", "spark.driver.memory", "spark.executor.memoryOverhead", "spark.driver.memoryOverhead",
      "spark.driver.maxResultSize", "spark.memory.offHeap.size", "spark.executor.pyspark.memory");
  private static final Set<String> COUNT_KEYS = Set.of(
      "spark.executor.cores", "spark.executor.instances", "spark.cores.max", "spark.task.cpus", "spark.default.parallelism");
  private static final Pattern SIZE = Pattern.compile("(?i)[0-9]+(b|k|kb|m|mb|g|gb|t|tb|p|pb)?");

  private SparkValues() {}

  /** {@code value} when it suits {@code key}; else an {@link IllegalArgumentException} naming both. */
  static String checked(String key, String value) {
    String v = value.trim();
    if (SIZE_KEYS.contains(key) && !SIZE.matcher(v).matches()) {
      throw new IllegalArgumentException("--conf " + key + "=" + value + ": expected a size such as 4g, 512m or 1073741824");
    }
    if (COUNT_KEYS.contains(key) && !v.matches("[1-9][0-9]{0,8}")) {
      throw new IllegalArgumentException("--conf " + key + "=" + value + ": expected a positive integer");
    }
    return value;
  }
}
