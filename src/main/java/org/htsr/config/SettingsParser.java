package org.htsr.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.htsr.analysis.Pooling;
import org.htsr.linalg.SolverChoice;

/**
 * Turns {@code jobs/analyze} arguments and conf/htsr.properties into {@link AnalyzeSettings}.
 * Command line &gt; conf file &gt; {@link ConfigKeys} defaults. Every bad value is an
 * {@link IllegalArgumentException} whose message names the option and the value.
 */
public final class SettingsParser {

  /** Flags without a value, and the key and value they set. */
  private static final Map<String, String[]> FLAGS = Map.of(
      "--force", new String[] {"htsr.force", "true"},
      "--randomize", new String[] {ConfigKeys.RANDOMIZE.key(), "true"},
      "--pool", new String[] {ConfigKeys.POOL.key(), "true"},
      "--no-pool", new String[] {ConfigKeys.POOL.key(), "false"},
      "--ww-compat", new String[] {ConfigKeys.WW_COMPAT.key(), "true"});

  private SettingsParser() {}

  /**
   * @param args the command line (options and inputs)
   * @param confFile conf/htsr.properties, when it exists
   */
  public static AnalyzeSettings parse(List<String> args, Optional<Path> confFile) {
    Map<String, String> values = new LinkedHashMap<>();
    for (ConfigKey key : ConfigKeys.ALL) {
      values.put(key.key(), key.defaultValue());
    }
    confFile.ifPresent(path -> values.putAll(load(path)));
    Map<String, String> sparkConf = new LinkedHashMap<>();
    List<String> inputs = new ArrayList<>();
    boolean force = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--force")) {
        force = true;
      } else if (FLAGS.containsKey(arg)) {
        values.put(FLAGS.get(arg)[0], FLAGS.get(arg)[1]);
      } else if (arg.equals("--conf")) {
        String kv = valueOf(args, ++i, arg);
        int eq = kv.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("--conf expects key=value, got '" + kv + "'");
        }
        sparkConf.put(kv.substring(0, eq), kv.substring(eq + 1));
      } else if (arg.startsWith("--")) {
        ConfigKey key = optionKey(arg);
        values.put(key.key(), valueOf(args, ++i, arg));
      } else {
        inputs.add(arg);
      }
    }
    if (inputs.isEmpty()) {
      for (String root : values.get(ConfigKeys.ROOTS.key()).split(",")) {
        if (!root.isBlank()) {
          inputs.add(root.trim());
        }
      }
    }
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("no inputs: give checkpoint files, directories or globs (or htsr.roots in the conf file)");
    }
    String regex = values.get(ConfigKeys.MODEL_REGEX.key());
    long maxElements = longValue(values, ConfigKeys.MAX_TENSOR_ELEMENTS, 0);
    return new AnalyzeSettings(
        inputs,
        values.get(ConfigKeys.OUT.key()),
        force,
        SolverChoice.parse(values.get(ConfigKeys.SOLVER.key())),
        longValue(values, ConfigKeys.DISTRIBUTED_THRESHOLD, 1),
        route(values.get(ConfigKeys.DISTRIBUTED_ROUTE.key())),
        fitMode(values.get(ConfigKeys.FIT.key())),
        boolValue(values, ConfigKeys.POOL) ? Pooling.POOLED : Pooling.PER_SLICE,
        boolValue(values, ConfigKeys.WW_COMPAT),
        longValue(values, ConfigKeys.MIN_EVALS, 1),
        boolValue(values, ConfigKeys.RANDOMIZE),
        longValue(values, ConfigKeys.SEED, Long.MIN_VALUE),
        regex.isBlank() ? Optional.empty() : Optional.of(compile(regex)),
        CheckpointIdentity.parse(values.get(ConfigKeys.IDENTITY.key())),
        Math.toIntExact(longValue(values, ConfigKeys.BATCH_SIZE, 1)),
        maxElements == 0 ? Optional.empty() : Optional.of(maxElements),
        values.get(ConfigKeys.MASTER.key()),
        sparkConf,
        optional(values.get(ConfigKeys.MANIFEST.key())),
        optional(values.get(ConfigKeys.EXPERIMENT.key())));
  }

  /** The analysis fits htsr implements (the power-law fit's {@code fit_mode}). */
  public static final List<String> FIT_MODES = org.htsr.stats.PowerLawFitters.MODES;

  private static String fitMode(String value) {
    String mode = value.trim().toLowerCase(Locale.ROOT);
    if (!FIT_MODES.contains(mode)) {
      throw new IllegalArgumentException("unknown --fit '" + value + "': expected one of " + FIT_MODES);
    }
    return mode;
  }

  private static String route(String value) {
    String r = value.trim().toLowerCase(Locale.ROOT);
    if (!r.equals("gram") && !r.equals("rowmatrix")) {
      throw new IllegalArgumentException("unknown --distributed-route '" + value + "': expected gram or rowmatrix");
    }
    return r;
  }

  private static ConfigKey optionKey(String option) {
    for (ConfigKey key : ConfigKeys.ALL) {
      if (key.option().equals(option)) {
        return key;
      }
    }
    throw new IllegalArgumentException("unknown option " + option + " (see jobs/analyze --help)");
  }

  private static String valueOf(List<String> args, int i, String option) {
    if (i >= args.size()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args.get(i);
  }

  private static Map<String, String> load(Path path) {
    Properties p = new Properties();
    try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      p.load(reader);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read conf file " + path + ": " + e.getMessage(), e);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : p.stringPropertyNames()) {
      boolean known = ConfigKeys.ALL.stream().anyMatch(k -> k.key().equals(name));
      if (!known) {
        throw new IllegalArgumentException("unknown key '" + name + "' in " + path);
      }
      out.put(name, p.getProperty(name).trim());
    }
    return out;
  }

  private static boolean boolValue(Map<String, String> values, ConfigKey key) {
    String v = values.get(key.key()).trim().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(key.key() + " must be true or false, got '" + v + "'");
    };
  }

  private static long longValue(Map<String, String> values, ConfigKey key, long min) {
    String v = values.get(key.key()).trim();
    try {
      long parsed = Long.parseLong(v);
      if (parsed < min) {
        throw new IllegalArgumentException(key.option() + " must be ≥ " + min + ", got " + parsed);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key.option() + " expects an integer, got '" + v + "'", e);
    }
  }

  private static Optional<String> optional(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  private static Pattern compile(String regex) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("--model-regex is not a valid regex: " + e.getDescription(), e);
    }
  }
}
