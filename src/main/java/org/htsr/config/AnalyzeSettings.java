package org.htsr.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.htsr.analysis.Pooling;
import org.htsr.linalg.SolverChoice;
import org.htsr.stats.FitMode;

/**
 * The resolved settings of one {@code jobs/analyze} or {@code jobs/sweep} run: the shared
 * {@link JobOptions} and the analysis settings typed from them ({@link SettingsParser}).
 *
 * @param job the options every job shares (out, master, Spark properties)
 * @param inputs files, directories or globs (paths or URIs)
 * @param recompute whether to recompute checkpoints already analysed with this configuration
 * @param solver the eigenvalue solver
 * @param distributedThreshold 2-D tensors above this many elements go the distributed route (auto)
 * @param route the distributed route
 * @param fit the power-law fit
 * @param pooling pooled or per-slice conv rows
 * @param wwCompat WeightWatcher's size limits
 * @param minEvals smallest layer analysed
 * @param randomize whether to compute the randomized ESD
 * @param seed the randomized ESD's seed
 * @param modelRegex overrides model/step from the path; empty for the path rules (validated)
 * @param identity what identifies a checkpoint's bytes between runs
 * @param batchSize checkpoints per atomic commit
 * @param taskElementLimit largest tensor a task loads; 0 for the heap-based default
 * @param manifest the --manifest file (metadata per checkpoint); empty for none
 * @param experiment the --experiment name; empty for none
 */
public record AnalyzeSettings(
    JobOptions job,
    List<String> inputs,
    boolean recompute,
    SolverChoice solver,
    long distributedThreshold,
    DistributedRoute route,
    FitMode fit,
    Pooling pooling,
    boolean wwCompat,
    long minEvals,
    boolean randomize,
    long seed,
    String modelRegex,
    CheckpointIdentity identity,
    int batchSize,
    long taskElementLimit,
    String manifest,
    String experiment) {

  public AnalyzeSettings {
    Objects.requireNonNull(job, "job");
    inputs = List.copyOf(inputs);
    Objects.requireNonNull(solver, "solver");
    Objects.requireNonNull(route, "route");
    Objects.requireNonNull(fit, "fit");
    Objects.requireNonNull(pooling, "pooling");
    Objects.requireNonNull(modelRegex, "modelRegex");
    Objects.requireNonNull(identity, "identity");
  }

  public String out() {
    return job.out();
  }

  public String master() {
    return job.master();
  }

  public Map<String, String> sparkConf() {
    return job.sparkConf();
  }

  /** The compiled {@link #modelRegex}, for the naming rules' boundary. */
  public Optional<Pattern> modelPattern() {
    return modelRegex.isEmpty() ? Optional.empty() : Optional.of(Pattern.compile(modelRegex));
  }

  /**
   * The settings that change numbers, as a stable JSON-like string: two runs with the same
   * analysis configuration skip each other's checkpoints.
   */
  public Map<String, Object> analysisConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("solver", solver.label());
    c.put("fit", fit.label());
    c.put("pool", pooling == Pooling.POOLED);
    c.put("ww_compat", wwCompat);
    c.put("min_evals", minEvals);
    c.put("randomize", randomize);
    if (randomize) {
      c.put("seed", seed);
    }
    return c;
  }

  /** A short hash of {@link #analysisConfig()}, stored in config_hash. */
  public String configHash() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(analysisConfig().toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException("SHA-256 is required by every JVM", impossible);
    }
  }
}
