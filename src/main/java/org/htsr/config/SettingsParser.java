package org.htsr.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.htsr.analysis.Pooling;
import org.htsr.linalg.SolverChoice;
import org.htsr.stats.FitMode;

/**
 * Types the analysis settings of {@code jobs/analyze} and {@code jobs/sweep} from the shared
 * {@link JobOptions}. Every bad value is an {@link IllegalArgumentException} whose message names
 * the option and the value.
 */
public final class SettingsParser {

  private SettingsParser() {}

  /** Parses a command line with the installation's conf dir ({@link OptionsParser#parse(List)}). */
  public static AnalyzeSettings parse(List<String> args) {
    return parse(OptionsParser.parse(args));
  }

  public static AnalyzeSettings parse(JobOptions job) {
    List<String> inputs = new ArrayList<>();
    for (String arg : job.arguments()) {
      if (arg.startsWith("--")) {
        throw new IllegalArgumentException("unknown option " + arg + " (see jobs/analyze --help)");
      }
      inputs.add(arg);
    }
    if (inputs.isEmpty()) {
      for (String root : job.setting(ConfigKeys.ROOTS).split(",")) {
        if (!root.isBlank()) {
          inputs.add(root.trim());
        }
      }
    }
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("no inputs: give checkpoint files, directories or globs (or htsr.roots in the conf file)");
    }
    String regex = job.setting(ConfigKeys.MODEL_REGEX).trim();
    if (!regex.isEmpty()) {
      compile(regex);
    }
    return new AnalyzeSettings(
        job,
        inputs,
        job.flags().contains("--force"),
        SolverChoice.parse(job.setting(ConfigKeys.SOLVER)),
        longValue(job, ConfigKeys.DISTRIBUTED_THRESHOLD, 1),
        DistributedRoute.parse(job.setting(ConfigKeys.DISTRIBUTED_ROUTE)),
        FitMode.parse(job.setting(ConfigKeys.FIT)),
        boolValue(job, ConfigKeys.POOL) ? Pooling.POOLED : Pooling.PER_SLICE,
        boolValue(job, ConfigKeys.WW_COMPAT),
        longValue(job, ConfigKeys.MIN_EVALS, 1),
        boolValue(job, ConfigKeys.RANDOMIZE),
        longValue(job, ConfigKeys.SEED, Long.MIN_VALUE),
        regex,
        CheckpointIdentity.parse(job.setting(ConfigKeys.IDENTITY)),
        Math.toIntExact(longValue(job, ConfigKeys.BATCH_SIZE, 1)),
        taskElementLimit(job),
        job.setting(ConfigKeys.MANIFEST).trim(),
        job.setting(ConfigKeys.EXPERIMENT).trim());
  }

  /** 0 for {@code auto} (a quarter of the executor heap); an explicit limit is at least 1. */
  private static long taskElementLimit(JobOptions job) {
    return job.setting(ConfigKeys.MAX_TENSOR_ELEMENTS).trim().equals("auto") ? 0 : longValue(job, ConfigKeys.MAX_TENSOR_ELEMENTS, 1);
  }

  private static boolean boolValue(JobOptions job, ConfigKey key) {
    String v = job.setting(key).trim().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(key.key() + " must be true or false, got '" + v + "'");
    };
  }

  private static long longValue(JobOptions job, ConfigKey key, long min) {
    String v = job.setting(key).trim();
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

  private static Pattern compile(String regex) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("--model-regex is not a valid regex: " + e.getDescription(), e);
    }
  }
}
