package org.htsr.spark;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.htsr.table.TableStore;

/**
 * {@code jobs/query --out DIR "SQL"}: registers the views {@code layers, checkpoints, esd,
 * failures, runs} over the committed tables and prints the result as CSV with a header line, or
 * as an aligned table with {@code --format table}.
 */
public final class QueryJob {

  private QueryJob() {}

  public static void main(String[] args) {
    int status = run(Arrays.asList(args), System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  public static int run(List<String> args, PrintStream out, PrintStream err) {
    String outDir = "data/out";
    String format = "csv";
    String master = "local[*]";
    List<String> sql = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      switch (a) {
        case "--out" -> outDir = value(args, ++i, a);
        case "--format" -> format = value(args, ++i, a);
        case "--master" -> master = value(args, ++i, a);
        case "--help", "-h" -> {
          out.println("usage: jobs/query [--out DIR] [--format csv|table] \"SQL\"");
          out.println("views: layers, checkpoints, esd, failures, runs (committed rows, latest per checkpoint and configuration)");
          return 0;
        }
        default -> sql.add(a);
      }
    }
    if (sql.size() != 1 || !(format.equals("csv") || format.equals("table"))) {
      err.println("usage: jobs/query [--out DIR] [--format csv|table] \"SQL\"");
      return 2;
    }
    SparkSession spark = SparkSessions.start("htsr query", master, Map.of("spark.ui.enabled", "false"), Optional.empty());
    TableStore.open(spark, outDir).registerViews();
    ExperimentViews.register(spark);
    Dataset<Row> result;
    try {
      result = parse(spark, sql.get(0));
    } catch (AnalysisException e) {
      err.println("htsr query: " + e.getMessage());
      return 2;
    }
    ResultPrinter.print(out, result, format.equals("table"));
    return 0;
  }

  /** spark.sql throws AnalysisException (Scala) without declaring it; declaring it lets callers catch it. */
  private static Dataset<Row> parse(SparkSession spark, String sql) throws AnalysisException {
    return spark.sql(sql);
  }

  private static String value(List<String> args, int i, String option) {
    if (i >= args.size()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args.get(i);
  }
}
