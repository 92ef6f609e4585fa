package org.htsr.spark;

import java.util.Map;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;
import org.htsr.linalg.BlasChoice;
import org.htsr.linalg.LoadedBlas;
import org.htsr.linalg.NativeLibraries;

/**
 * Chooses every executor's BLAS/LAPACK ({@code spark.htsr.blas}, default the bundled OpenBLAS) when
 * the executor starts, before MLlib or a task can touch netlib, and logs it on the executor's stderr.
 * {@link SparkSessions} adds it to {@code spark.plugins}.
 */
public final class NativeLibrariesPlugin implements SparkPlugin {

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
        System.err.println("htsr: BLAS on executor " + ctx.executorID() + ": " + blas.describe());
      }
    };
  }
}
