package org.htsr.config;

import java.util.List;
import org.htsr.stats.FitMode;

/**
 * Every analysis setting in one place. Precedence: command line &gt; conf/htsr.properties &gt;
 * the defaults here. docs/configuration.md and conf/htsr.properties document the same keys; a test keeps them in
 * step.
 */
public final class ConfigKeys {

  public static final ConfigKey OUT = new ConfigKey("htsr.out", "--out", "data/out",
      "Directory (path or URI) that holds the Parquet tables.");
  public static final ConfigKey SOLVER = new ConfigKey("htsr.solver", "--solver", "auto",
      "Eigenvalue solver: auto (Gram + dsytrd + dsterf locally, distributed above the size threshold), gram, svd (dgesdd, exact small singular values and ranks), distributed.");
  public static final ConfigKey DISTRIBUTED_THRESHOLD = new ConfigKey("htsr.distributed-threshold", "--distributed-threshold", "100000000",
      "With --solver auto, 2-D tensors with more elements than this go the distributed route (rows read in blocks by many executors); measured in docs/benchmarks.md.");
  public static final ConfigKey DISTRIBUTED_ROUTE = new ConfigKey("htsr.distributed-route", "--distributed-route", "gram",
      "Distributed route: gram (blocked dsyrk per executor, tree-summed, its eigenvalues on one executor) or rowmatrix (MLlib RowMatrix.computeSVD, a cross-check; M < 17,515).");
  public static final ConfigKey FIT = new ConfigKey("htsr.fit", "--fit", "ww",
      "Power-law fit, stored in fit_mode: " + fitModes() + "; see docs/fit-modes.md.");
  public static final ConfigKey POOL = new ConfigKey("htsr.pool", "--pool/--no-pool", "true",
      "Pool the kh·kw slices of a conv kernel (and the slices of 3-D stacks) into one ESD; false gives one row per slice.");
  public static final ConfigKey WW_COMPAT = new ConfigKey("htsr.ww-compat", "--ww-compat", "false",
      "Apply WeightWatcher's size limits: skip layers with more than 15,000 eigenvalues or N > 50,000.");
  public static final ConfigKey MIN_EVALS = new ConfigKey("htsr.min-evals", "--min-evals", "10",
      "Skip layers with fewer eigenvalues (M·rf pooled, M per slice); WeightWatcher's min_evals.");
  public static final ConfigKey RANDOMIZE = new ConfigKey("htsr.randomize", "--randomize", "false",
      "Also compute the randomized ESD (shuffled W) and its metrics; costs two more eigendecompositions per layer.");
  public static final ConfigKey SEED = new ConfigKey("htsr.seed", "--seed", "0",
      "Seed of the randomized ESD's shuffles (stored in rand_seed).");
  public static final ConfigKey MODEL_REGEX = new ConfigKey("htsr.model-regex", "--model-regex", "",
      "Java regex with named groups (?<model>…) and/or (?<step>…) matched against the checkpoint path; overrides the path rules.");
  public static final ConfigKey MANIFEST = new ConfigKey("htsr.manifest", "--manifest", "",
      "CSV or JSON file of metadata per checkpoint (a path glob or model name per row, any columns), stored in the metadata table (docs/experiments.md).");
  public static final ConfigKey EXPERIMENT = new ConfigKey("htsr.experiment", "--experiment", "",
      "Experiment name given to every checkpoint of the run (metadata key experiment); a manifest column 'experiment' overrides it.");
  public static final ConfigKey IDENTITY = new ConfigKey("htsr.identity", "--identity", "path",
      "Checkpoint identity that re-runs compare to skip work: path (hash of URI, size and modification time) or content (SHA-256 of the checkpoint's bytes, read once by the executors; survives copies and touched files).");
  public static final ConfigKey BATCH_SIZE = new ConfigKey("htsr.batch-size", "--batch-size", "64",
      "Checkpoints per atomic commit of the tables (a batch is written while the next is analysed: two batches' rows are held at once).");
  public static final ConfigKey MAX_TENSOR_ELEMENTS = new ConfigKey("htsr.max-tensor-elements", "--max-tensor-elements", "auto",
      "Largest tensor one task loads, in elements (at least 1); auto means a quarter of the executor heap divided by 8 bytes. With --solver auto, larger 2-D tensors go the distributed route.");
  public static final ConfigKey ROOTS = new ConfigKey("htsr.roots", "--roots", "",
      "Comma-separated inputs (paths, URIs, globs) used when none are given on the command line; the model zoo of jobs/sweep.");
  public static final ConfigKey MASTER = new ConfigKey("htsr.master", "--master", "local[*]",
      "Spark master when htsr starts Spark itself (ignored under spark-submit, which sets it).");

  public static final List<ConfigKey> ALL = List.of(
      OUT, SOLVER, DISTRIBUTED_THRESHOLD, DISTRIBUTED_ROUTE, FIT, POOL, WW_COMPAT, MIN_EVALS, RANDOMIZE, SEED, MODEL_REGEX, MANIFEST, EXPERIMENT, IDENTITY, BATCH_SIZE, MAX_TENSOR_ELEMENTS, ROOTS, MASTER);

  private ConfigKeys() {}

  /** Every --fit mode with its one-line description, from {@link FitMode}. */
  private static String fitModes() {
    StringBuilder b = new StringBuilder();
    for (FitMode mode : FitMode.values()) {
      b.append(b.isEmpty() ? "" : ", ").append(mode.label()).append(" (").append(mode.doc()).append(')');
    }
    return b.toString();
  }
}
