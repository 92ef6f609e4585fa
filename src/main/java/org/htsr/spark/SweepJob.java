package org.htsr.spark;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkContext;
import org.htsr.config.AnalyzeSettings;
import org.htsr.config.SettingsParser;
import org.htsr.table.TablesLock;

/**
 * {@code jobs/sweep}: the scheduler-friendly entry (cron, Airflow). Takes the zoo's roots from
 * the conf file ({@code htsr.roots}), refuses to start while another run holds the same tables,
 * and ends with one status line. Exit status is non-zero only when the sweep itself failed; a
 * refused start (another sweep still running) and failed checkpoints exit 0.
 */
public final class SweepJob {

  private SweepJob() {}

  public static void main(String[] args) {
    int status = run(Arrays.asList(args), System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  static final String USAGE = """
      usage: jobs/sweep --conf-dir DIR [options]
        Analyses the inputs listed in htsr.roots of DIR/htsr.properties into htsr.out, with progress
        on stderr and one status line on stdout. DIR/spark-defaults.conf is used when present, else
        the installation's conf/spark-defaults.conf. Any jobs/analyze option overrides the conf file
        (jobs/analyze --help lists them). Exit status: 0 when the sweep ran or another run holds the
        tables ("not started"); 2 for a bad configuration; 1 when the output cannot be written.
      """;

  public static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.contains("--help") || args.contains("-h")) {
      out.print(USAGE);
      return 0;
    }
    AnalyzeSettings settings;
    SparkContext sc;
    try {
      settings = SettingsParser.parse(args);
      sc = SparkSessions.startContext("htsr sweep", settings.job());
    } catch (IllegalArgumentException e) {
      out.println("htsr sweep: failed: " + e.getMessage());
      return 2;
    }
    try {
      AnalyzeJob.RunOutcome r = AnalyzeJob.analyze(sc, settings, err);
      out.printf(Locale.ROOT, "htsr sweep %s: completed in %.1f s: %d new, %d skipped, %d failed (%d layers, %d failed) in %s%n",
          r.runId(), r.seconds(), r.analysed(), r.skipped(), r.failed(), r.layers(), r.layersFailed(), settings.out());
      return 0;
    } catch (TablesLock.HeldException e) {
      out.println("htsr sweep: not started: " + e.getMessage());
      return 0;
    } catch (java.io.UncheckedIOException | IllegalStateException e) {
      out.println("htsr sweep: failed: " + e.getMessage());
      return 1;
    } catch (Exception e) {
      // a Spark job that aborted (SparkException) or a bug: the stack trace is in the log (stderr)
      out.println("htsr sweep: failed: " + QueryJob.firstLine(String.valueOf(e.getMessage())));
      return 1;
    }
  }
}
