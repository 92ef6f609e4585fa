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

  /** Tables committed per batch, in commit order (checkpoints last: it marks what is done). */
  public static final List<String> BATCH_TABLES = List.of(LAYERS, ESD, FAILURES, CHECKPOINTS);

  /** The partition column of the batch tables. */
  public static final String BATCH = "batch";

  private static final Column RUN_ID = new Column("run_id", StringType, false, "Run that computed the row (runs.run_id).");
  private static final Column MODEL = new Column("model", StringType, true, "Model name, from the path (parent directory) or --model-regex.");
  private static final Column CHECKPOINT = new Column("checkpoint", StringType, false, "Checkpoint URI (file, or the index file of a sharded checkpoint).");
  private static final Column CHECKPOINT_ID = new Column("checkpoint_id", StringType, false, "Identity of the checkpoint's bytes: hash of URI, size and modification time.");
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
      new Column("fit_mode", StringType, false, "Power-law fit used (--fit): ww = WeightWatcher 0.7.5.5 WWFit."),
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
      new Column("status", StringType, false, "success, or failed (see error; parts that were computed are kept)."),
      new Column("error", StringType, true, "Why the layer, or its fit, failed; null on success."),
      new Column("solver", StringType, true, "Eigenvalue solver: gram-dsyevd or svd-dgesdd."),
      new Column("seconds_read", DoubleType, false, "Wall seconds to read and decode the tensor (shared evenly by its rows)."),
      new Column("seconds_eigen", DoubleType, false, "Wall seconds to build the matrices and solve for the eigenvalues."),
      new Column("seconds_fit", DoubleType, false, "Wall seconds for fits and metrics."));

  static final List<Column> CHECKPOINT_COLUMNS = List.of(
      RUN_ID, MODEL, CHECKPOINT, CHECKPOINT_ID, STEP, CONFIG_HASH,
      new Column("format", StringType, true, "Detected format (safetensors, safetensors-index, …); null if unknown."),
      new Column("bytes", LongType, false, "Size of the checkpoint's files in bytes."),
      new Column("modified_at", TimestampType, false, "Latest modification time of the checkpoint's files."),
      new Column("tensors", IntegerType, true, "Tensors listed in the checkpoint."),
      new Column("layers", IntegerType, false, "Layer rows produced (analysed or failed)."),
      new Column("layers_failed", IntegerType, false, "Layer rows with status failed."),
      new Column("alpha", DoubleType, true, "Mean α over successful layers (WeightWatcher's get_summary, failed fits excluded)."),
      new Column("alpha_weighted", DoubleType, true, "Mean α·log10 λmax over successful layers: α̂."),
      new Column("log_norm", DoubleType, true, "Mean log10 ‖W‖²_F over successful layers."),
      new Column("log_spectral_norm", DoubleType, true, "Mean log10 λmax over successful layers."),
      new Column("log_alpha_norm", DoubleType, true, "Mean log10 Σλ^α over successful layers."),
      new Column("stable_rank", DoubleType, true, "Mean stable rank over successful layers."),
      new Column("seconds", DoubleType, false, "Sum of the layers' task seconds (eigen + fit)."),
      new Column("status", StringType, false, "success (listed and analysed; individual layers may still fail) or failed (see error)."),
      new Column("error", StringType, true, "Why the checkpoint could not be analysed; null on success."));

  static final List<Column> ESD_COLUMNS = List.of(
      RUN_ID, MODEL, CHECKPOINT, CHECKPOINT_ID, STEP, CONFIG_HASH, LAYER_INDEX, LAYER_NAME, SLICE,
      new Column("num_evals", LongType, false, "Number of eigenvalues."),
      new Column("eigenvalues", DataTypes.createArrayType(DoubleType, false), false,
          "All eigenvalues of WᵀW, ascending, after conv scaling (the ESD the fits used)."));

  static final List<Column> FAILURE_COLUMNS = List.of(
      RUN_ID, MODEL, CHECKPOINT, CHECKPOINT_ID, STEP, CONFIG_HASH,
      new Column("layer_name", StringType, true, "Tensor concerned; null when the whole checkpoint failed."),
      new Column("slice", IntegerType, true, "Slice concerned (per-slice rows); null otherwise."),
      new Column("stage", StringType, false, "Step that failed: list, read, matrix, spectrum, fit, metrics."),
      new Column("error_class", StringType, false, "Stable error code (TRUNCATED, BAD_HEADER, NON_FINITE, AllZero, FitException, …)."),
      new Column("message", StringType, false, "What went wrong, naming the file, the tensor and the problem."));

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
      new Column("blas", StringType, false, "BLAS/LAPACK implementation on the driver (netlib class and mapped native library)."),
      new Column("master", StringType, false, "Spark master URL."),
      new Column("checkpoints_found", IntegerType, false, "Checkpoints discovered."),
      new Column("checkpoints_skipped", IntegerType, false, "Already analysed with this configuration, not recomputed."),
      new Column("checkpoints_analysed", IntegerType, false, "Checkpoints analysed in this run."),
      new Column("checkpoints_failed", IntegerType, false, "Checkpoints that could not be analysed."),
      new Column("layers", IntegerType, false, "Layer rows written."),
      new Column("layers_failed", IntegerType, false, "Layer rows with status failed."),
      new Column("seconds_listing", DoubleType, false, "Wall seconds finding checkpoints and reading their headers."),
      new Column("seconds_reading", DoubleType, false, "Task seconds reading and decoding tensors (summed over tasks)."),
      new Column("seconds_solving", DoubleType, false, "Task seconds building matrices and solving for eigenvalues (summed over tasks)."),
      new Column("seconds_fitting", DoubleType, false, "Task seconds in fits and metrics (summed over tasks)."),
      new Column("seconds_writing", DoubleType, false, "Wall seconds writing and committing the tables."),
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
      default -> throw new IllegalArgumentException("no table " + table);
    };
  }
}
