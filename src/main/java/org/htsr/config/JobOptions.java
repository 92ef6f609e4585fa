package org.htsr.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The options every job shares ({@code jobs/analyze}, {@code sweep}, {@code query},
 * {@code report}), resolved once by {@link OptionsParser}: command line &gt; the conf dir's
 * htsr.properties &gt; {@link ConfigKeys} defaults.
 *
 * @param out where the tables live ({@code htsr.out})
 * @param master the Spark master to start when htsr starts Spark itself ({@code htsr.master})
 * @param sparkConf Spark properties from {@code --conf k=v}
 * @param sparkDefaults the conf dir's spark-defaults.conf (or the installation's), empty if none
 * @param format how query results are printed
 * @param verbosity how much an error report says
 * @param settings every {@link ConfigKey}'s value by key, merged; the analysis settings are
 *     typed from these by {@link SettingsParser}
 * @param flags command-line flags without a value that are not settings ({@code --force})
 * @param arguments what is left for the job itself, in order (inputs, SQL, report options)
 */
public record JobOptions(
    String out,
    String master,
    Map<String, String> sparkConf,
    Map<String, String> sparkDefaults,
    OutputFormat format,
    Verbosity verbosity,
    Map<String, String> settings,
    List<String> flags,
    List<String> arguments) {

  public JobOptions {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(master, "master");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(verbosity, "verbosity");
    sparkConf = Map.copyOf(sparkConf);
    sparkDefaults = Map.copyOf(sparkDefaults);
    settings = Map.copyOf(settings);
    flags = List.copyOf(flags);
    arguments = List.copyOf(arguments);
  }

  /** The merged value of a setting. */
  public String setting(ConfigKey key) {
    return settings.get(key.key());
  }
}
