package org.htsr.spark;

import org.htsr.spark.views.ExperimentViews;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.htsr.config.JobOptions;
import org.htsr.config.OptionsParser;
import org.htsr.config.OutputFormat;
import org.htsr.config.Verbosity;
import org.htsr.table.TableStore;

/**
 * {@code jobs/query [--out DIR] "SQL"}: registers the views {@code layers, checkpoints, esd,
 * failures, runs} over the committed tables and prints the result as CSV with a header line, or
 * as an aligned table with {@code --format table}. A SQL error is one line on stderr (the whole
 * message, logical plan included, with {@code --verbose}).
 */
public final class QueryJob {

  static final String USAGE = """
      usage: jobs/query [--out DIR] [--format csv|table] [--verbose] [--master URL] [--conf-dir DIR] [--conf k=v] "SQL"
        views: layers, checkpoints, esd, failures, runs (committed rows, latest per checkpoint and configuration)
        --out DIR        where the tables are (htsr.out of the conf dir's htsr.properties, default data/out)
        --format F       csv (default: RFC 4180 with a header line) or table (aligned, for people)
        --verbose        on a SQL error, print Spark's whole message (the logical plan), not one line
      """;

  private QueryJob() {}

  public static void main(String[] args) {
    int status = run(Arrays.asList(args), System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  public static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.contains("--help") || args.contains("-h")) {
      out.print(USAGE);
      return 0;
    }
    JobOptions options;
    try {
      options = OptionsParser.parse(args);
      if (options.arguments().size() != 1 || options.arguments().get(0).startsWith("--")) {
        throw new IllegalArgumentException("expected one SQL statement and known options, got " + options.arguments());
      }
    } catch (IllegalArgumentException e) {
      err.println("htsr query: " + e.getMessage());
      err.print(USAGE);
      return 2;
    }
    SparkSession spark;
    try {
      spark = SparkSessions.startReading("htsr query", options);
    } catch (IllegalArgumentException e) {
      err.println("htsr query: " + e.getMessage());
      return 2;
    }
    TableStore.open(spark, options.out()).registerViews();
    ExperimentViews.register(spark);
    Dataset<Row> result;
    try {
      result = parse(spark, options.arguments().get(0));
    } catch (AnalysisException e) {
      err.println("htsr query: " + (options.verbosity() == Verbosity.VERBOSE ? e.getMessage() : firstLine(e.getMessage())));
      return 2;
    }
    ResultPrinter.print(out, result, options.format() == OutputFormat.TABLE);
    return 0;
  }

  /** The first non-blank line of a Spark error: its class, message and position, without the plan. */
  static String firstLine(String message) {
    return message.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(message).replaceAll(";$", "");
  }

  /** spark.sql throws AnalysisException (Scala) without declaring it; declaring it lets callers catch it. */
  private static Dataset<Row> parse(SparkSession spark, String sql) throws AnalysisException {
    return spark.sql(sql);
  }
}
