package org.htsr.spark;

import org.htsr.spark.views.ReportOptions;
import org.htsr.spark.views.ExperimentViews;
import org.htsr.spark.views.ReportRows;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.htsr.config.JobOptions;
import org.htsr.config.OptionsParser;
import org.htsr.report.ReportData;
import org.htsr.report.ReportResult;
import org.htsr.report.ReportWriter;
import org.htsr.table.TableStore;

/**
 * {@code jobs/report --out DIR}: plots and an HTML page from the tables alone, written under
 * {@code DIR/report/} (index.html and img/). One page shows one analysis configuration (by
 * default that of the latest run): every checkpoint's latest analysis under it, per-layer plots for
 * the latest step of each model, or for everything {@code --checkpoint}/{@code --layer} kept.
 */
public final class ReportJob {

  static final int DEFAULT_MAX_LAYER_PLOTS = 200;

  private static final String USAGE = """
      usage: jobs/report [--out DIR] [--report-dir DIR] [--checkpoint PATTERN]... [--layer PATTERN]...
                         [--config HASH] [--max-layer-plots N] [--master URL] [--conf-dir DIR] [--conf k=v]
        --out DIR              where the tables are (htsr.out of the conf dir's htsr.properties, default data/out)
        --report-dir DIR       local directory for index.html and img/ (default DIR/report)
        --checkpoint PATTERN   keep checkpoints whose URI or model contains PATTERN (repeatable: any)
        --layer PATTERN        keep layers whose name contains PATTERN (repeatable: any)
                               a PATTERN with % is an SQL LIKE pattern instead (% any text, _ one character)
        --config HASH          the analysis configuration to show (default: that of the latest run)
        --max-layer-plots N    most layers that get per-layer plots (default 200)
      Without --checkpoint/--layer, per-layer plots are drawn for the latest step of each model.""";

  private ReportJob() {}

  public static void main(String[] args) {
    int status = run(Arrays.asList(args), System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  public static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.contains("--help") || args.contains("-h")) {
      out.println(USAGE);
      return 0;
    }
    // charts are drawn off-screen; without a display AWT must not look for one
    System.setProperty("java.awt.headless", "true");
    JobOptions job;
    ReportOptions options;
    try {
      job = OptionsParser.parse(args);
      options = parse(job);
    } catch (IllegalArgumentException e) {
      err.println("htsr report: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    SparkSession spark;
    try {
      spark = SparkSessions.startReading("htsr report", job);
    } catch (IllegalArgumentException e) {
      err.println("htsr report: " + e.getMessage());
      return 2;
    }
    TableStore store = TableStore.open(spark, options.out());
    store.registerViews();
    ExperimentViews.register(spark);
    return render(spark, options, store.location(), out);
  }

  /** Renders from the views already registered in {@code spark}. */
  static int render(SparkSession spark, ReportOptions options, String source, PrintStream out) {
    ReportData data = ReportRows.read(spark, options, source);
    ReportResult result = ReportWriter.write(data, options.reportDir());
    out.println("htsr report: " + data.checkpoints().size() + " checkpoints, " + data.layers().size() + " layers ("
        + data.scope().plottedLayers().size() + " with plots), " + result.charts() + " charts: " + result.index());
    return 0;
  }

  /** The report's own options, from what the shared parser left ({@link JobOptions#arguments()}). */
  static ReportOptions parse(JobOptions job) {
    List<String> args = job.arguments();
    Path reportDir = null;
    List<String> checkpoints = new ArrayList<>();
    List<String> layers = new ArrayList<>();
    Optional<String> config = Optional.empty();
    int maxPlots = DEFAULT_MAX_LAYER_PLOTS;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      switch (a) {
        case "--report-dir" -> reportDir = Path.of(value(args, ++i, a));
        case "--checkpoint" -> checkpoints.add(value(args, ++i, a));
        case "--layer" -> layers.add(value(args, ++i, a));
        case "--config" -> config = Optional.of(value(args, ++i, a));
        case "--max-layer-plots" -> maxPlots = nonNegative(value(args, ++i, a), a);
        default -> throw new IllegalArgumentException("unknown argument " + a);
      }
    }
    String tables = job.out();
    return new ReportOptions(tables, reportDir == null ? localPath(tables).resolve("report") : reportDir,
        checkpoints, layers, config, maxPlots);
  }

  /** The local directory of a table location given as a path or a file: URI. */
  private static Path localPath(String location) {
    if (!location.matches("[A-Za-z][A-Za-z0-9+.-]*:.*")) {
      return Path.of(location);
    }
    URI uri = URI.create(location);
    if (uri.getScheme().equals("file")) {
      return Path.of(uri);
    }
    throw new IllegalArgumentException("the tables are at " + location + ", not on this machine: give --report-dir");
  }

  private static int nonNegative(String v, String option) {
    try {
      int n = Integer.parseInt(v);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below, with the option's name
    }
    throw new IllegalArgumentException(option + " needs a whole number ≥ 0, not " + v);
  }

  private static String value(List<String> args, int i, String option) {
    if (i >= args.size()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args.get(i);
  }
}
