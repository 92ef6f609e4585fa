package org.htsr.spark.run;

import org.htsr.spark.hadoop.HadoopInputFiles;
import org.htsr.spark.hadoop.SerializableHadoopConf;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.linalg.distributed.RowMatrix;
import org.htsr.io.CheckpointFormatException;
import org.htsr.config.DistributedRoute;
import org.htsr.io.formats.CheckpointFormats;
import org.htsr.io.CheckpointReader;
import org.htsr.io.MemoryBudget;
import org.htsr.io.Readers;
import org.htsr.linalg.BlasThreads;
import org.htsr.linalg.GramEigenSolver;
import org.htsr.linalg.GramEigenSolver.BlockLayout;
import org.htsr.linalg.SpectrumException;
import org.htsr.model.TensorInfo;
import scala.Tuple2;

/**
 * All eigenvalues of WᵀW for a 2-D tensor too large for one executor, with the rows read in blocks
 * by many executors straight from storage — never through the driver, and no JVM ever holds the
 * N×M matrix.
 *
 * <p>The matrix is cut along its larger dimension N into blocks of at most {@link #blockElements}
 * values: row blocks of a tall tensor (contiguous bytes), column slabs of a wide one (one ranged
 * read per row). Two routes:
 *
 * <ul>
 *   <li><b>gram</b> (default): each block's M×M Gram matrix is formed with one blocked
 *       {@code dsyrk}, added into one M×M matrix per task (a task takes a contiguous share of the
 *       blocks, one task per slot); those partial Gram matrices are summed on one executor,
 *       which computes the sum's eigenvalues
 *       ({@link org.htsr.linalg.GramEigenSolver#eigenvaluesOfGram}). Peak memory: a task holds
 *       one block plus one M×M matrix; the summing executor two M×M matrices and LAPACK's workspace. The driver
 *       receives M eigenvalues.
 *   <li><b>rowmatrix</b>: the rows as an MLlib {@link RowMatrix}, {@code computeSVD(M, rCond = 0,
 *       "local-svd")}: its Gramian does one rank-1 update per row, and its dgesdd on the M×M Gram
 *       runs on the driver (about 7M² doubles there). Kept as a cross-check; M &lt; 17,515.
 * </ul>
 */
final class DistributedSpectrum {

  /** Values per block read by one task: 8 M values = 64 MB as doubles. */
  static final int BLOCK_ELEMENTS = 1 << 23;

  /** MLlib's local-svd limit: 7n² + 4n must fit in an int (spark-notes §3). */
  static final int ROWMATRIX_MAX_M = 17_514;

  private DistributedSpectrum() {}

  /**
   * One block of the matrix: rows [from, to) of a tall tensor (its vectors contiguous), or columns
   * [from, to) of a wide one (its vectors strided).
   */
  record Block(String checkpoint, String format, String tensor, long from, long to, BlockLayout layout) implements Serializable {

    int width() {
      return (int) (to - from);
    }
  }

  /** A task's partial Gram matrix, or why its block could not be used. */
  record Partial(double[] gram, String error) implements Serializable {
    Partial plus(Partial other) {
      if (error != null) {
        return this;
      }
      if (other.error != null) {
        return other;
      }
      for (int i = 0; i < gram.length; i++) {
        gram[i] += other.gram[i];
      }
      return this;
    }
  }

  /**
   * The eigenvalues, ascending, of WᵀW for {@code tensor} (rank 2) of the checkpoint at {@code uri}.
   *
   * @param budget what one executor task may hold; an M×M Gram matrix above it is {@code TOO_LARGE}
   *     before any job starts
   */
  static double[] eigenvalues(JavaSparkContext jsc, String uri, String format, TensorInfo tensor, DistributedRoute route,
      SerializableHadoopConf conf, MemoryBudget budget) throws SpectrumException, CheckpointFormatException {
    return eigenvalues(jsc, uri, format, tensor, route, conf, BLOCK_ELEMENTS, budget);
  }

  /** As above, with blocks of at most {@code blockElements} values (tests use small blocks). */
  static double[] eigenvalues(JavaSparkContext jsc, String uri, String format, TensorInfo tensor, DistributedRoute route,
      SerializableHadoopConf conf, int blockElements, MemoryBudget budget) throws SpectrumException, CheckpointFormatException {
    requireGramFits(uri, tensor, budget);
    List<Block> blocks = blocks(uri, format, tensor, blockElements);
    int m = (int) Math.min(tensor.dim(0), tensor.dim(1));
    if (route == DistributedRoute.ROWMATRIX) {
      return viaRowMatrix(jsc, blocks, tensor, m, conf);
    }
    // One partial Gram per task slot, not per block: each task adds its blocks into one M×M
    // matrix, so the shuffle carries (slots × 8M²) bytes instead of (blocks × 8M²): 268 MB instead
    // of 8.4 GB for a 128,256 × 4,096 embedding on two slots (docs/benchmarks.md D.2).
    int slices = Math.min(blocks.size(), Math.max(1, jsc.defaultParallelism()));
    List<double[]> result = jsc.parallelize(blocks, slices)
        .mapPartitions(it -> List.of(partialGram(it, m, conf)).iterator())
        .mapToPair(p -> new Tuple2<>(0, p))
        .reduceByKey(Partial::plus, 1)
        .values()
        .map(p -> p.error() == null ? GramEigenSolver.eigenvaluesOfGram(p.gram(), m) : null)
        .collect();
    if (result.get(0) == null) {
      // the partials carried an error; run the cheap check again on the driver to report it
      throw blockError(jsc, blocks, conf);
    }
    return result.get(0);
  }

  /**
   * Every task of the route holds one M×M matrix of doubles (the summing one two, plus LAPACK's
   * workspace), whatever N is: M is what decides whether the layer fits, and it is known from the
   * header. A tensor whose M×M matrix exceeds an executor task's budget is refused here, before a
   * job would die of an OutOfMemoryError (or an int overflow past M = 46,340).
   */
  static void requireGramFits(String uri, TensorInfo tensor, MemoryBudget budget) throws CheckpointFormatException {
    long m = Math.min(tensor.dim(0), tensor.dim(1));
    long needed = MemoryBudget.times(MemoryBudget.times(m, m), Double.BYTES);
    if (m > Integer.MAX_VALUE || MemoryBudget.times(m, m) > CheckpointReader.MAX_ARRAY_ELEMENTS || !budget.allows(needed)) {
      throw new CheckpointFormatException(uri, tensor.name(), CheckpointFormatException.Problem.TOO_LARGE,
          budget.exceeded(String.format(java.util.Locale.ROOT, "the distributed route's M×M Gram matrix (M = %,d)", m), needed));
    }
  }

  /** The blocks of {@code tensor}, each read by a task that opens the file in the planned {@code format}. */
  static List<Block> blocks(String uri, String format, TensorInfo tensor, int blockElements) {
    long rows = tensor.dim(0);
    long cols = tensor.dim(1);
    boolean tall = rows >= cols;
    long length = tall ? rows : cols;
    long per = Math.max(1, blockElements / Math.min(rows, cols));
    List<Block> out = new ArrayList<>();
    BlockLayout layout = tall ? BlockLayout.VECTORS_CONTIGUOUS : BlockLayout.VECTORS_STRIDED;
    for (long from = 0; from < length; from += per) {
      out.add(new Block(uri, format, tensor.name(), from, Math.min(length, from + per), layout));
    }
    return out;
  }

  /** The block's values: row-major rows of a tall tensor, or a row-major column slab of a wide one. */
  private static double[] read(Block b, SerializableHadoopConf conf) throws IOException, CheckpointFormatException {
    try (CheckpointReader reader = CheckpointFormats.openAs(b.format(), b.checkpoint(), new HadoopInputFiles(conf.get()))) {
      TensorInfo t = reader.tensors().stream().filter(x -> x.name().equals(b.tensor())).findFirst()
          .orElseThrow(() -> new CheckpointFormatException(b.checkpoint(), b.tensor(), CheckpointFormatException.Problem.BAD_HEADER,
              "the tensor planned from the header is gone"));
      long rows = t.dim(0);
      long cols = t.dim(1);
      int width = b.width();
      double[] values;
      if (b.layout() == BlockLayout.VECTORS_CONTIGUOUS) {
        values = reader.read(t, b.from() * cols, Math.toIntExact(width * cols));
      } else {
        values = new double[Math.toIntExact(rows * width)];
        for (long r = 0; r < rows; r++) {
          double[] segment = reader.read(t, r * cols + b.from(), width);
          System.arraycopy(segment, 0, values, (int) (r * width), width);
        }
      }
      Readers.requireFinite(b.checkpoint(), b.tensor(), values, " of block [" + b.from() + ", " + b.to() + ")");
      return values;
    }
  }

  /** The Gram matrix of every block of one task, summed in place (one M×M matrix per task). */
  private static Partial partialGram(java.util.Iterator<Block> blocks, int m, SerializableHadoopConf conf) {
    double[] gram = new double[Math.multiplyExact(m, m)];
    // this task's core is busy while it reads too: not lent to another slot's dsyrk
    try (BlasThreads.Lease core = BlasThreads.taskRunning()) {
      while (blocks.hasNext()) {
        Partial p = partialGram(blocks.next(), gram, conf);
        if (p.error() != null) {
          return p;
        }
      }
    }
    return new Partial(gram, null);
  }

  /** Adds the block's Gram matrix to {@code gram}. */
  private static Partial partialGram(Block b, double[] gram, SerializableHadoopConf conf) {
    try {
      double[] values = read(b, conf);
      GramEigenSolver.addGram(gram, values.length / b.width(), values, b.width(), b.layout());
      return new Partial(gram, null);
    } catch (CheckpointFormatException | IOException e) {
      return new Partial(null, readError(b, e));
    }
  }

  /** Why a block cannot be read, as "PROBLEM\0message" (a Partial's error travels as one string). */
  private static String readError(Block b, Exception e) {
    return e instanceof CheckpointFormatException c
        ? c.problem().name() + "\u0000" + c.getMessage()
        : "IO\u0000" + b.checkpoint() + ": " + e.getMessage();
  }

  /** The block's read error, or null when it reads cleanly. */
  private static String readError(Block b, SerializableHadoopConf conf) {
    try {
      read(b, conf);
      return null;
    } catch (CheckpointFormatException | IOException e) {
      return readError(b, e);
    }
  }

  private static CheckpointFormatException blockError(JavaSparkContext jsc, List<Block> blocks, SerializableHadoopConf conf) {
    String error = jsc.parallelize(blocks, blocks.size()).map(b -> readError(b, conf))
        .filter(e -> e != null).first();
    String[] parts = error.split("\u0000", 2);
    Block first = blocks.get(0);
    return new CheckpointFormatException(first.checkpoint(), first.tensor(), problem(parts[0]), parts[1]);
  }

  private static CheckpointFormatException.Problem problem(String name) {
    try {
      return CheckpointFormatException.Problem.valueOf(name);
    } catch (IllegalArgumentException unknown) {
      return CheckpointFormatException.Problem.IO;
    }
  }

  private static double[] viaRowMatrix(JavaSparkContext jsc, List<Block> blocks, TensorInfo tensor, int m, SerializableHadoopConf conf)
      throws SpectrumException {
    if (m > ROWMATRIX_MAX_M) {
      throw new SpectrumException("the rowmatrix route returns full spectra only for M < 17,515; M = " + m);
    }
    JavaRDD<Vector> vectors = jsc.parallelize(blocks, blocks.size()).flatMap(b -> vectorsOf(b, conf).iterator());
    long n = Math.max(tensor.dim(0), tensor.dim(1));
    RowMatrix matrix = new RowMatrix(vectors.rdd(), n, m);
    double[] sigma = matrix.computeSVD(m, false, 0.0, Math.max(300, 3 * m), 1e-10, "local-svd").s().toArray();
    double[] lambda = new double[m];
    for (int i = 0; i < sigma.length; i++) {
      lambda[m - 1 - i] = sigma[i] * sigma[i];
    }
    return lambda;
  }

  /** The block's length-M vectors: rows of a tall tensor, columns of a wide one. */
  private static List<Vector> vectorsOf(Block b, SerializableHadoopConf conf) throws IOException, CheckpointFormatException {
    double[] values = read(b, conf);
    int width = b.width();
    int m = values.length / width;
    List<Vector> out = new ArrayList<>(width);
    boolean contiguous = b.layout() == BlockLayout.VECTORS_CONTIGUOUS;
    for (int j = 0; j < width; j++) {
      double[] v = new double[m];
      for (int i = 0; i < m; i++) {
        v[i] = contiguous ? values[j * m + i] : values[i * width + j];
      }
      out.add(Vectors.dense(v));
    }
    return out;
  }
}
