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

/**
 * The resolved settings of one {@code jobs/analyze} run, after command line, conf file and
 * defaults are merged and validated ({@link SettingsParser}).
 *
 * @param inputs files, directories or globs (paths or URIs)
 * @param out where the tables live
 * @param recompute whether to recompute checkpoints already analysed with this configuration
 * @param solver the eigenvalue solver
 * @param distributedThreshold 2-D tensors above this many elements go the distributed route (auto)
 * @param distributedRoute "gram" or "rowmatrix"
 * @param fitMode the power-law fit's name
 * @param pooling pooled or per-slice conv rows
 * @param wwCompat WeightWatcher's size limits
 * @param minEvals smallest layer analysed
 * @param randomize whether to compute the randomized ESD
 * @param seed the randomized ESD's seed
 * @param modelRegex overrides model/step from the path
 * @param identity what identifies a checkpoint's bytes between runs
 * @param batchSize checkpoints per atomic commit
 * @param maxTensorElements largest tensor a task loads; empty for the heap-based default
 * @param master the Spark master to start, unless spark-submit set one
 * @param sparkConf extra Spark properties (--conf k=v)
 * @param manifest the --manifest file (metadata per checkpoint), if any
 * @param experiment the --experiment name, if any
 */
public record AnalyzeSettings(
    List<String> inputs,
    String out,
    boolean recompute,
    SolverChoice solver,
    long distributedThreshold,
    String distributedRoute,
    String fitMode,
    Pooling pooling,
    boolean wwCompat,
    long minEvals,
    boolean randomize,
    long seed,
    Optional<Pattern> modelRegex,
    CheckpointIdentity identity,
    int batchSize,
    Optional<Long> maxTensorElements,
    String master,
    Map<String, String> sparkConf,
    Optional<String> manifest,
    Optional<String> experiment) {

  public AnalyzeSettings {
    inputs = List.copyOf(inputs);
    sparkConf = Map.copyOf(sparkConf);
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(modelRegex, "modelRegex");
    Objects.requireNonNull(identity, "identity");
  }

  /**
   * The settings that change numbers, as a stable JSON-like string: two runs with the same
   * analysis configuration skip each other's checkpoints.
   */
  public Map<String, Object> analysisConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("solver", solver.label());
    c.put("fit", fitMode);
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
