package org.htsr.table;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The tables htsr writes under {@code --out}: names, columns and what each column means. Metric
 * columns take WeightWatcher's {@code get_details()} names so results diff against it. A value
 * that could not be computed is null, and {@code status}/{@code error} say why; never −1.
 *
 * <p>Every table but {@code runs} is partitioned by {@code batch}: one directory per atomic
 * commit ({@link TableStore}).
 */
public final class Tables {

  public static final String LAYERS = "layers";
  public static final String CHECKPOINTS = "checkpoints";
  public static final String ESD = "esd";
  public static final String FAILURES = "failures";
  public static final String RUNS = "runs";
  public static final String METADATA = "metadata";

  /** Tables committed per batch, in commit order (checkpoints last: it marks what is done). */
  public static final List<String> BATCH_TABLES = List.of(LAYERS, ESD, FAILURES, METADATA, CHECKPOINTS);

  /** The partition column of the batch tables. */
  public static final String BATCH = "batch";

  private static final Column RUN_ID = new Column("run_id", StringType, false, "Run that computed the row (runs.run_id).");
  private static final Column MODEL = new Column("model", StringType, true, "Model name, from the path (parent directory) or --model-regex.");
  private static final Column CHECKPOINT = new Column("checkpoint", StringType, false, "Checkpoint URI (file, or the index file of a sharded checkpoint).");
  private static final Column CHECKPOINT_ID = new Column("checkpoint_id", StringType, false, "Identity of the checkpoint's bytes: a hash of URI, size and modification time, or with --identity content the head of the SHA-256 of its files.");
  private static final Column STEP = new Column("step", LongType, true, "Training step from the path (checkpoint-1200, step_1200, epoch=3, ckpt-7), or --model-regex; null if none.");
  private static final Column CONFIG_HASH = new Column("config_hash", StringType, false, "Hash of the analysis settings that change numbers (runs.config); rows of different configurations coexist.");
  private static final Column LAYER_INDEX = new Column("layer_index", IntegerType, false, "Position of the tensor in the checkpoint's listing (0-based).");
  private static final Column LAYER_NAME = new Column("layer_name", StringType, false, "Tensor name as stored (WeightWatcher's longname for state dicts).");
  private static final Column SLICE = new Column("slice", IntegerType, true, "Slice index when conv/stack slices are analysed one by one (--no-pool); null when pooled.");

  static final List<Column> LAYER_COLUMNS = List.of(
      RUN_ID, MODEL, CHECKPOINT, CHECKPOINT_ID, STEP, CONFIG_HASH, LAYER_INDEX, LAYER_NAME,
      new Column("layer_type", StringType, false, "dense (2-D), conv2d (4-D), conv1d (3-D, smallest axis last) or stacked (other 3-D), from the shape."),
      SLICE,
      new Column("dtype", StringType, false, "Stored element type (F32, BF16, …)."),
      new Column("shape", StringType, false, "Stored shape, e.g. 64x32x3x3."),
      new Column("N", LongType, false, "Larger matrix dimension."),
      new Column("M", LongType, false, "Smaller matrix dimension."),
      new Column("Q", DoubleType, false, "Aspect ratio N/M ≥ 1."),
      new Column("rf", IntegerType, false, "Matrices pooled into the ESD: kh·kw for conv2d, the stack depth for 3-D, 1 for dense and per-slice rows."),
      new Column("num_evals", LongType, false, "Eigenvalues in the ESD: M·rf."),
      new Column("alpha", DoubleType, true, "Power-law exponent α of the ESD tail, ρ(λ) ~ λ^-α (continuous MLE at the chosen xmin)."),
      new Column("xmin", DoubleType, true, "Start of the fitted tail, chosen by minimum KS distance (eigenvalue units: λ of WᵀW, no 1/N)."),
      new Column("xmax", DoubleType, true, "Largest eigenvalue above the fit threshold 1e-5 (WeightWatcher's xmax column)."),
      new Column("D", DoubleType, true, "Kolmogorov–Smirnov distance of the power-law fit (dimensionless)."),
      new Column("sigma", DoubleType, true, "Standard error of α: (α−1)/√n_tail."),
      new Column("num_pl_spikes", IntegerType, true, "Eigenvalues ≥ xmin (the power-law tail size, over all eigenvalues)."),
      new Column("fit_mode", StringType, false, "Power-law fit used (--fit): ww, legacy, clip_xmax, xmin_peak, tpl or hill (docs/fit-modes.md)."),
      new Column("Lambda", DoubleType, true, "Truncated power law's exponential cut-off Λ, ρ ~ λ^-α·e^(-Λλ) (fit_mode tpl; 1/eigenvalue units)."),
      new Column("num_fingers", IntegerType, true, "Largest eigenvalues clipped by fit_mode clip_xmax (WeightWatcher's count: removed − 1)."),
      new Column("raw_alpha", DoubleType, true, "α before clipping (fit_mode clip_xmax)."),
      new Column("warning", StringType, true, "WeightWatcher's label: over-trained (α<2), under-trained (α>6), or empty; null without a fit."),
      new Column("lambda_max", DoubleType, true, "Largest eigenvalue λmax of WᵀW (after conv scaling)."),
      new Column("norm", DoubleType, true, "Σλ = squared Frobenius norm ‖W‖²_F (after conv scaling)."),
      new Column("log_norm", DoubleType, true, "log10 Σλ."),
      new Column("spectral_norm", DoubleType, true, "λmax = squared spectral norm ‖W‖²_2."),
      new Column("log_spectral_norm", DoubleType, true, "log10 λmax."),
      new Column("alpha_weighted", DoubleType, true, "α·log10 λmax (the layer's term of α̂)."),
      new Column("log_alpha_norm", DoubleType, true, "log10 Σλᵢ^α."),
      new Column("stable_rank", DoubleType, true, "Σλ / λmax."),
      new Column("matrix_rank", IntegerType, true, "Eigenvalues above the solver's zero threshold (svd: σ > σmax·N·ε; gram: λ > λmax·N·ε)."),
      new Column("rank_loss", IntegerType, true, "Σ over matrices of M − numerical rank."),
      new Column("weak_rank_loss", IntegerType, true, "Eigenvalues < 1e-6."),
      new Column("entropy", DoubleType, true, "Matrix entropy −Σpᵢ ln pᵢ / ln(rank), pᵢ = λᵢ/Σλ (WeightWatcher's, with its 1e-10 ε)."),
      new Column("sv_max", DoubleType, true, "Largest singular value √λmax."),
      new Column("sv_min", DoubleType, true, "Largest, over the pooled matrices, of each matrix's smallest singular value (WeightWatcher's definition)."),
      new Column("sigma_mp", DoubleType, true, "Marchenko–Pastur σ fitted to the ESD rescaled to mean 1 (WeightWatcher's KDE + grid + Nelder–Mead fit; dimensionless)."),
      new Column("bulk_max", DoubleType, true, "MP bulk edge λ+ = σ²(1+1/√Q)², in eigenvalue units."),
      new Column("bulk_min", DoubleType, true, "MP bulk edge λ− = σ²(1−1/√Q)², in eigenvalue units."),
      new Column("num_spikes", IntegerType, true, "Eigenvalues above λ+ + √TW, TW = Q^-1/2·λ+^2/3·M^-2/3 (WeightWatcher's spike count, mean-1 units)."),
      new Column("mp_softrank", DoubleType, true, "λ+ / λmax of the MP fit (≈1 random-like, →0 heavy-tailed; can exceed 1)."),
      new Column("W_scale", DoubleType, true, "Rescaling to mean eigenvalue 1: √(num_evals/Σλ)."),
      new Column("sigma_robust", DoubleType, true, "σ of the mean-1 ESD by matching its median to MP's median for this Q (robust to 50% outliers)."),
      new Column("s_tw", DoubleType, true, "Tracy–Widom scale of λmax's fluctuations at the edge, σ²·Q^-1/2·(1+Q^-1/2)^4/3·M^-2/3 (mean-1 units)."),
      new Column("rand_seed", LongType, true, "Seed of this layer's shuffles (derived from --seed and the layer); null without --randomize."),
      new Column("max_rand_eval", DoubleType, true, "Largest eigenvalue of the randomized (entry-shuffled) W."),
      new Column("rand_distance", DoubleType, true, "Jensen–Shannon distance between the sorted ESD and the sorted randomized ESD, as probability vectors."),
      new Column("ww_softrank", DoubleType, true, "max randomized eigenvalue / λmax."),
      new Column("ww_maxdist", DoubleType, true, "λmax − max randomized eigenvalue."),
      new Column("rand_num_spikes", IntegerType, true, "num_spikes of the randomized ESD's MP fit (correlation traps)."),
      new Column("rand_sigma_mp", DoubleType, true, "sigma_mp of the randomized ESD."),
      new Column("rand_mp_softrank", DoubleType, true, "mp_softrank of the randomized ESD."),
      new Column("phase", StringType, true, "5+1 phase: random_like, bleeding_out, bulk_spikes, bulk_decay, heavy_tailed or rank_collapse (docs/phases.md)."),
      new Column("phase_subclass", StringType, true, "Heavy-tail class of a heavy_tailed layer: very (α<2), moderately (2≤α≤6), weakly (α>6)."),
      new Column("phase_reason", StringType, true, "Why the layer got its phase, with the deciding numbers."),
      new Column("num_outliers", IntegerType, true, "K: eigenvalues above the spike threshold λ+ + 3·s_TW of the robust MP bulk (mean-1 units)."),
      new Column("num_bleeding", IntegerType, true, "K_bleed: outliers contiguous with the bulk edge (≤ 2λ+)."),
      new Column("num_far_spikes", IntegerType, true, "K_far: outliers far from the edge (> 2λ+)."),
      new Column("outlier_fraction", DoubleType, true, "K / num_evals."),
      new Column("near_zero_fraction", DoubleType, true, "Fraction of eigenvalues ≤ 1e-3 × the 75th percentile (rank collapse)."),
      new Column("mp_distance", DoubleType, true, "KS distance between the bulk's empirical CDF and the fitted MP CDF."),
      new Column("shuffle_softrank", DoubleType, true, "(1+1/√Q)²/λ̃max: the λ+ a shuffled W would have, over λmax (mean-1 units; no fit needed)."),
      new Column("status", StringType, false, "success, or failed (see error; parts that were computed are kept)."),
      new Column("error", StringType, true, "Why the layer, or its fit, failed; null on success."),
      new Column("solver", StringType, true, "Eigenvalue solver and LAPACK driver: gram-dsytrd+dsterf (what dsyevd computes, as its two calls), gram-sy2sb+dsbevd_2stage (bundled OpenBLAS, M ≥ 3,072: the two-stage reduction, its first stage in htsr's own BLAS calls) or svd-dgesdd."),
      new Column("seconds_read", DoubleType, false, "Wall seconds to read and decode the tensor (shared evenly by its rows)."),
      new Column("seconds_eigen", DoubleType, false, "Wall seconds to build the matrices and solve for the eigenvalues."),
      new Column("seconds_fit", DoubleType, false, "Wall seconds for fits and metrics."));

  static final List<Column> CHECKPOINT_COLUMNS = List.of(
      RUN_ID, MODEL, CHECKPOINT, CHECKPOINT_ID, STEP, CONFIG_HASH,
      new Column("format", StringType, true, "Detected format (safetensors, safetensors-index, …); null if unknown."),
      new Column("bytes", LongType, false, "Size of the checkpoint's files in bytes."),
      new Column("modified_at", TimestampType, false, "Latest modification time of the checkpoint's files."),
      new Column("tensors", IntegerType, true, "Tensors listed in the checkpoint."),
      new Column("tensors_skipped", IntegerType, true, "Listed tensors that are not layers htsr analyses: not 2-D to 4-D (biases, norms), not floating-point, empty, or with fewer eigenvalues than --min-evals. Null when listing failed, and in rows written before htsr counted them."),
      new Column("layers", IntegerType, false, "Layer rows produced (analysed or failed)."),
      new Column("layers_failed", IntegerType, false, "Layer rows with status failed."),
      new Column("alpha", DoubleType, true, "Mean α over successful layers (WeightWatcher's get_summary, failed fits excluded)."),
      new Column("alpha_weighted", DoubleType, true, "Mean α·log10 λmax over successful layers: α̂."),
      new Column("log_norm", DoubleType, true, "Mean log10 ‖W‖²_F over successful layers."),
      new Column("log_spectral_norm", DoubleType, true, "Mean log10 λmax over successful layers."),
      new Column("log_alpha_norm", DoubleType, true, "Mean log10 Σλ^α over successful layers."),
      new Column("stable_rank", DoubleType, true, "Mean stable rank over successful layers."),
      new Column("mp_softrank", DoubleType, true, "Mean MP soft rank over successful layers."),
      new Column("random_like", IntegerType, false, "Layers labelled random_like."),
      new Column("bleeding_out", IntegerType, false, "Layers labelled bleeding_out."),
      new Column("bulk_spikes", IntegerType, false, "Layers labelled bulk_spikes."),
      new Column("bulk_decay", IntegerType, false, "Layers labelled bulk_decay."),
      new Column("heavy_tailed", IntegerType, false, "Layers labelled heavy_tailed."),
      new Column("rank_collapse", IntegerType, false, "Layers labelled rank_collapse."),
      new Column("seconds", DoubleType, false, "Sum of the layers' task seconds (eigen + fit)."),
      new Column("status", StringType, false, "success (listed and analysed; individual layers may still fail) or failed (see error)."),
      new Column("error", StringType, true, "Why the checkpoint could not be analysed; null on success."));

  static final List<Column> ESD_COLUMNS = List.of(
      RUN_ID, MODEL, CHECKPOINT, CHECKPOINT_ID, STEP, CONFIG_HASH, LAYER_INDEX, LAYER_NAME, SLICE,
      new Column("num_evals", LongType, false, "Number of eigenvalues."),
      new Column("eigenvalues", DataTypes.createArrayType(DoubleType, false), false,
          "All eigenvalues of WᵀW, ascending, after conv scaling (the ESD the fits used)."),
      new Column("rand_eigenvalues", DataTypes.createArrayType(DoubleType, false), true,
          "Eigenvalues of the entry-shuffled W (all replicas pooled, ascending); null without --randomize."));

  static final List<Column> FAILURE_COLUMNS = List.of(
      RUN_ID, MODEL, CHECKPOINT, CHECKPOINT_ID, STEP, CONFIG_HASH,
      new Column("layer_name", StringType, true, "Tensor concerned; null when the whole checkpoint failed."),
      new Column("slice", IntegerType, true, "Slice concerned (per-slice rows); null otherwise."),
      new Column("stage", StringType, false, "Step that failed: list, read, matrix, spectrum, fit, metrics."),
      new Column("error_class", StringType, false, "Stable error code (TRUNCATED, BAD_HEADER, NON_FINITE, AllZero, FitException, …)."),
      new Column("message", StringType, false, "What went wrong, naming the file, the tensor and the problem."));

  static final List<Column> METADATA_COLUMNS = List.of(
      RUN_ID, MODEL, CHECKPOINT, CHECKPOINT_ID,
      new Column("step", LongType, true, "Training step: the step key of the highest-precedence source (manifest > trainer_state > file > path); null if none."),
      CONFIG_HASH,
      new Column("key", StringType, false, "Metadata key, dotted when flattened (batch_size, eval_accuracy, hyper_parameters.lr, step, epoch, run, experiment); htsr.metadata_error when a source could not be read."),
      new Column("value", StringType, false, "The value as text (at most 4,096 characters, control characters escaped)."),
      new Column("number", DoubleType, true, "The value as a number when it reads as one; null otherwise."),
      new Column("source", StringType, false, "Where it came from, in precedence order: manifest, option (--experiment), trainer_state, training_args, model_config (config.json), file (safetensors __metadata__, Lightning top-level values, ONNX metadata_props, Keras HDF5 attributes), path."));

  static final List<Column> RUN_COLUMNS = List.of(
      RUN_ID,
      new Column("started_at", TimestampType, false, "When the run started."),
      new Column("ended_at", TimestampType, false, "When the run ended."),
      new Column("htsr_version", StringType, false, "htsr version."),
      new Column("git_commit", StringType, true, "Git commit of the htsr build, when known."),
      new Column("config", StringType, false, "Analysis settings that change numbers (JSON)."),
      CONFIG_HASH,
      new Column("inputs", StringType, false, "The run's inputs, as given."),
      new Column("spark_version", StringType, false, "Spark version."),
      new Column("java_version", StringType, false, "JVM version."),
      new Column("blas", StringType, false, "BLAS/LAPACK on the driver: library, version, origin (bundled, system, pure Java), file and netlib classes."),
      new Column("master", StringType, false, "Spark master URL."),
      new Column("checkpoints_found", IntegerType, false, "Checkpoints discovered."),
      new Column("checkpoints_skipped", IntegerType, false, "Already analysed with this configuration, not recomputed."),
      new Column("checkpoints_analysed", IntegerType, false, "Checkpoints analysed in this run."),
      new Column("checkpoints_failed", IntegerType, false, "Checkpoints that could not be analysed."),
      new Column("layers", IntegerType, false, "Layer rows written."),
      new Column("layers_failed", IntegerType, false, "Layer rows with status failed."),
      new Column("seconds_listing", DoubleType, false, "Wall seconds finding checkpoints and reading their headers, summed over batches (a batch's headers are read while the previous batch is analysed, the first's while Spark starts)."),
      new Column("seconds_reading", DoubleType, false, "Task seconds reading and decoding tensors (summed over tasks)."),
      new Column("seconds_solving", DoubleType, false, "Task seconds building matrices and solving for eigenvalues (summed over tasks)."),
      new Column("seconds_fitting", DoubleType, false, "Task seconds in fits and metrics (summed over tasks)."),
      new Column("seconds_writing", DoubleType, false, "Wall seconds writing and committing the tables, summed over batches (each overlaps the next batch's analysis)."),
      new Column("seconds_total", DoubleType, false, "Wall seconds of the whole run."),
      new Column("status", StringType, false, "completed, or failed with the reason."));

  private Tables() {}

  public static StructType schema(String table) {
    return new StructType(columns(table).stream().map(Column::field).toArray(StructField[]::new));
  }

  public static List<Column> columns(String table) {
    return switch (table) {
      case LAYERS -> LAYER_COLUMNS;
      case CHECKPOINTS -> CHECKPOINT_COLUMNS;
      case ESD -> ESD_COLUMNS;
      case FAILURES -> FAILURE_COLUMNS;
      case RUNS -> RUN_COLUMNS;
      case METADATA -> METADATA_COLUMNS;
      default -> throw new IllegalArgumentException("no table " + table);
    };
  }
}
