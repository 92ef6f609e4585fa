package org.htsr.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Builds the {@link JobOptions} of every job from its command line and its conf dir. The conf
 * dir is {@code --conf-dir DIR}, else {@code -Dhtsr.conf.dir} / {@code $HTSR_CONF_DIR} (the
 * launchers set it to the installation's conf/), else none (spark-submit). A conf dir that is
 * named but missing is an error naming it: a typo must not silently mean "no configuration".
 * Every bad value is an {@link IllegalArgumentException} whose message names the option.
 */
public final class OptionsParser {

  /** The system property and environment variable naming the installation's conf dir. */
  public static final String CONF_DIR_PROPERTY = "htsr.conf.dir";
  public static final String CONF_DIR_ENV = "HTSR_CONF_DIR";

  /** Flags without a value that set a setting, and the key and value they set. */
  private static final Map<String, String[]> SETTING_FLAGS = Map.of(
      "--randomize", new String[] {ConfigKeys.RANDOMIZE.key(), "true"},
      "--pool", new String[] {ConfigKeys.POOL.key(), "true"},
      "--no-pool", new String[] {ConfigKeys.POOL.key(), "false"},
      "--ww-compat", new String[] {ConfigKeys.WW_COMPAT.key(), "true"});

  /** Flags without a value that are not settings: they stay with the job. */
  private static final List<String> JOB_FLAGS = List.of("--force");

  private OptionsParser() {}

  /** Parses {@code args} with the installation's conf dir from the system property or environment. */
  public static JobOptions parse(List<String> args) {
    String installation = System.getProperty(CONF_DIR_PROPERTY, System.getenv().getOrDefault(CONF_DIR_ENV, ""));
    return parse(args, installation);
  }

  /**
   * @param installationConfDir the conf dir used without {@code --conf-dir}, and the fallback for
   *     its spark-defaults.conf; empty for none
   */
  public static JobOptions parse(List<String> args, String installationConfDir) {
    Path installation = installationConfDir.isEmpty() ? null : existingDir(installationConfDir,
        "-D" + CONF_DIR_PROPERTY + " / $" + CONF_DIR_ENV);
    Path confDir = installation;
    int at = args.indexOf("--conf-dir");
    if (at >= 0) {
      confDir = existingDir(valueOf(args, at + 1, "--conf-dir"), "--conf-dir");
    }

    Map<String, String> values = new LinkedHashMap<>();
    for (ConfigKey key : ConfigKeys.ALL) {
      values.put(key.key(), key.defaultValue());
    }
    if (confDir != null && Files.isRegularFile(confDir.resolve("htsr.properties"))) {
      values.putAll(settingsFile(confDir.resolve("htsr.properties")));
    }
    Map<String, String> sparkDefaults = sparkDefaults(confDir, installation);

    Map<String, String> sparkConf = new LinkedHashMap<>();
    OutputFormat format = OutputFormat.CSV;
    Verbosity verbosity = Verbosity.BRIEF;
    List<String> flags = new ArrayList<>();
    List<String> arguments = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--conf-dir")) {
        i++;
      } else if (arg.equals("--conf")) {
        String kv = valueOf(args, ++i, arg);
        int eq = kv.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("--conf expects key=value, got '" + kv + "'");
        }
        sparkConf.put(kv.substring(0, eq), SparkValues.checked(kv.substring(0, eq), kv.substring(eq + 1)));
      } else if (arg.equals("--format")) {
        format = OutputFormat.parse(valueOf(args, ++i, arg));
      } else if (arg.equals("--verbose")) {
        verbosity = Verbosity.VERBOSE;
      } else if (JOB_FLAGS.contains(arg)) {
        flags.add(arg);
      } else if (SETTING_FLAGS.containsKey(arg)) {
        values.put(SETTING_FLAGS.get(arg)[0], SETTING_FLAGS.get(arg)[1]);
      } else if (settingOf(arg) != null) {
        values.put(settingOf(arg).key(), valueOf(args, ++i, arg));
      } else {
        arguments.add(arg);
      }
    }
    return new JobOptions(values.get(ConfigKeys.OUT.key()), values.get(ConfigKeys.MASTER.key()), sparkConf, sparkDefaults,
        format, verbosity, values, flags, arguments);
  }

  /** The setting a command-line option sets, or null when it is not one. */
  private static ConfigKey settingOf(String option) {
    for (ConfigKey key : ConfigKeys.ALL) {
      if (key.option().equals(option)) {
        return key;
      }
    }
    return null;
  }

  private static Path existingDir(String dir, String what) {
    Path p = Path.of(dir);
    if (!Files.isDirectory(p)) {
      throw new IllegalArgumentException(what + " " + p.toAbsolutePath() + ": no such directory");
    }
    return p;
  }

  /** The conf dir's spark-defaults.conf, else the installation's: a conf dir need not copy it. */
  private static Map<String, String> sparkDefaults(Path confDir, Path installation) {
    for (Path dir : new Path[] {confDir, installation}) {
      if (dir != null && Files.isRegularFile(dir.resolve("spark-defaults.conf"))) {
        return properties(dir.resolve("spark-defaults.conf"));
      }
    }
    return Map.of();
  }

  static String valueOf(List<String> args, int i, String option) {
    if (i >= args.size()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args.get(i);
  }

  private static Map<String, String> settingsFile(Path path) {
    Map<String, String> values = properties(path);
    for (String name : values.keySet()) {
      if (ConfigKeys.ALL.stream().noneMatch(k -> k.key().equals(name))) {
        throw new IllegalArgumentException("unknown key '" + name + "' in " + path);
      }
    }
    return values;
  }

  /** A properties file (spark-defaults.conf's whitespace-separated pairs included), values trimmed. */
  private static Map<String, String> properties(Path path) {
    Properties p = new Properties();
    try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      p.load(reader);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read conf file " + path + ": " + e.getMessage(), e);
    }
    Map<String, String> out = new LinkedHashMap<>();
    p.stringPropertyNames().stream().sorted().forEach(k -> out.put(k, p.getProperty(k).trim()));
    return out;
  }
}
