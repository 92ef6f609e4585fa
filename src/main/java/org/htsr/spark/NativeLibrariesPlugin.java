package org.htsr.spark;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;
import org.htsr.linalg.BlasChoice;
import org.htsr.linalg.BlasThreads;
import org.htsr.linalg.LoadedBlas;
import org.htsr.linalg.NativeLibraries;

/**
 * Chooses every executor's BLAS/LAPACK ({@code spark.htsr.blas}, default the bundled OpenBLAS) when
 * the executor starts, before MLlib or a task can touch netlib, logs it on the executor's stderr,
 * and gives the executor's cores to the calls whose results do not depend on the thread count
 * ({@link BlasThreads}; {@value #THREADS_KEY}). {@link SparkSessions} adds it to {@code
 * spark.plugins}.
 */
public final class NativeLibrariesPlugin implements SparkPlugin {

  /**
   * {@code idle-cores} (default): a thread-count-independent call (a Gram, the two-stage
   * eigenvalue driver) uses the cores no other call of the executor is using; {@code one}: every
   * call on one thread.
   */
  public static final String THREADS_KEY = "spark.htsr.blas.threads";

  private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\d+)?])?");

  @Override
  public DriverPlugin driverPlugin() {
    return null;
  }

  @Override
  public ExecutorPlugin executorPlugin() {
    return new ExecutorPlugin() {
      @Override
      public void init(PluginContext ctx, Map<String, String> extraConf) {
        BlasChoice choice = BlasChoice.parse(ctx.conf().get(BlasChoice.CONF_KEY, BlasChoice.BUNDLED.label()));
        LoadedBlas blas = NativeLibraries.install(choice);
        int cores = blasCores(ctx.conf());
        BlasThreads.useCores(cores);
        System.err.println("htsr: BLAS on executor " + ctx.executorID() + ": " + blas.describe()
            + (cores > 1 ? "; idle cores for thread-independent calls: up to " + cores : ""));
      }
    };
  }

  /**
   * The cores an executor's BLAS calls may share: in local mode the master's ({@code local[N]},
   * {@code local[*]} every core: the driver runs the tasks), on a cluster {@code
   * spark.executor.cores} when it is set (the executor owns them), else 1; always 1 with {@value
   * #THREADS_KEY}{@code =one}.
   */
  static int blasCores(SparkConf conf) {
    String policy = conf.get(THREADS_KEY, "idle-cores").trim().toLowerCase(Locale.ROOT);
    switch (policy) {
      case "one":
        return 1;
      case "idle-cores":
        break;
      default:
        throw new IllegalArgumentException(THREADS_KEY + " must be idle-cores or one, got '" + policy + "'");
    }
    Matcher local = LOCAL.matcher(conf.get("spark.master", ""));
    if (local.matches()) {
      String n = local.group(1);
      return n == null ? 1 : n.equals("*") ? Runtime.getRuntime().availableProcessors() : Math.max(1, Integer.parseInt(n));
    }
    return Math.max(1, conf.getInt("spark.executor.cores", 1));
  }
}
