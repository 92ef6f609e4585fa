package org.htsr.spark.run;

import org.htsr.spark.IncrementalRunTest;
import org.htsr.spark.hadoop.SerializableHadoopConf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.htsr.config.DistributedRoute;
import org.htsr.io.CheckpointFormatException;
import org.htsr.io.MemoryBudget;
import org.htsr.io.safetensors.SafetensorsWriter;
import org.htsr.linalg.DenseMatrix;
import org.htsr.linalg.SvdSolver;
import org.htsr.model.DType;
import org.htsr.model.TensorInfo;
import org.htsr.table.TableStore;
import org.htsr.testing.LocalSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The distributed routes give the local eigenvalues, for tall and wide tensors, in many blocks. */
class DistributedSpectrumTest {

  @TempDir static Path dir;
  private static Path file;
  private static double[] tall;
  private static double[] wide;

  @BeforeAll
  static void writeCheckpoint() throws Exception {
    SplittableRandom random = new SplittableRandom(17);
    tall = gaussian(random, 3000 * 200);
    wide = gaussian(random, 150 * 2500);
    double[] nan = gaussian(random, 400 * 50);
    nan[12345] = Double.NaN;
    file = dir.resolve("big.safetensors");
    try (OutputStream out = Files.newOutputStream(file)) {
      new SafetensorsWriter()
          .add("tall.weight", DType.F32, List.of(3000L, 200L), tall)
          .add("wide.weight", DType.F32, List.of(150L, 2500L), wide)
          .add("nan.weight", DType.F32, List.of(400L, 50L), nan)
          .writeTo(out);
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"tall.weight, gram", "wide.weight, gram", "tall.weight, rowmatrix", "wide.weight, rowmatrix"})
  void matchTheExactLocalSpectrum(String tensor, String route) throws Exception {
    SparkSession spark = LocalSpark.session();
    boolean isTall = tensor.startsWith("tall");
    TensorInfo info = new TensorInfo(tensor, DType.F32, isTall ? List.of(3000L, 200L) : List.of(150L, 2500L), file.toString());
    double[] distributed = DistributedSpectrum.eigenvalues(JavaSparkContext.fromSparkContext(spark.sparkContext()),
        file.toString(), "safetensors", info, DistributedRoute.parse(route), new SerializableHadoopConf(spark.sparkContext().hadoopConfiguration()), 40_000, MemoryBudget.current());
    assertTrue(DistributedSpectrum.blocks(file.toString(), "safetensors", info, 40_000).size() >= 10, "many blocks");
    double[] values = isTall ? tall : wide;
    // the stored tensor is float32: compare with the float32-rounded values' exact spectrum
    double[] rounded = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      rounded[i] = (float) values[i];
    }
    int rows = isTall ? 3000 : 150;
    int cols = isTall ? 200 : 2500;
    double[] exact = new SvdSolver().eigenvalues(new DenseMatrix(cols, rows, rounded));
    assertEquals(exact.length, distributed.length);
    double lambdaMax = exact[exact.length - 1];
    for (int i = 0; i < exact.length; i++) {
      assertEquals(exact[i], distributed[i], 1e-10 * lambdaMax, "eigenvalue " + i);
    }
  }

  @Test
  void aBadBlockIsATypedError() {
    SparkSession spark = LocalSpark.session();
    TensorInfo info = new TensorInfo("nan.weight", DType.F32, List.of(400L, 50L), file.toString());
    CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> DistributedSpectrum.eigenvalues(
        JavaSparkContext.fromSparkContext(spark.sparkContext()), file.toString(), "safetensors", info, DistributedRoute.GRAM,
        new SerializableHadoopConf(spark.sparkContext().hadoopConfiguration()), 2_000, MemoryBudget.current()));
    assertEquals(CheckpointFormatException.Problem.NON_FINITE, e.problem());
    assertTrue(e.getMessage().contains("nan.weight"), e.getMessage());
  }

  @Test
  void theJobRoutesLayersAndMatchesTheLocalSolver() {
    SparkSession spark = LocalSpark.session();
    Path local = dir.resolve("out-local");
    Path distributed = dir.resolve("out-distributed");
    IncrementalRunTest.analyse(local, file, "--solver", "svd");
    String log = IncrementalRunTest.analyse(distributed, file, "--solver", "distributed");
    assertTrue(log.contains("1 analysed"), log);
    TableStore.open(spark, distributed.toString()).registerViews();
    List<Row> d = spark.sql("SELECT layer_name, solver, alpha, lambda_max, status, error FROM layers ORDER BY layer_name").collectAsList();
    TableStore.open(spark, local.toString()).registerViews();
    List<Row> l = spark.sql("SELECT layer_name, solver, alpha, lambda_max, status, error FROM layers ORDER BY layer_name").collectAsList();
    assertEquals(3, d.size());
    assertEquals("failed", d.get(0).getString(4), "nan.weight fails, typed");
    assertTrue(d.get(0).getString(5).contains("non finite"), d.get(0).getString(5));
    for (int i = 1; i < 3; i++) {
      assertEquals("distributed-gram", d.get(i).getString(1));
      assertEquals(l.get(i).getDouble(3), d.get(i).getDouble(3), 1e-10 * l.get(i).getDouble(3), "lambda_max");
      assertEquals(l.get(i).getDouble(2), d.get(i).getDouble(2), 1e-8, "alpha");
    }
  }

  @Test
  void underAutoATensorTooLargeForOneTaskGoesDistributedInsteadOfFailing() {
    SparkSession spark = LocalSpark.session();
    Path auto = dir.resolve("out-auto-limit");
    Path gram = dir.resolve("out-gram-limit");
    IncrementalRunTest.analyse(auto, file, "--max-tensor-elements", "100000");
    IncrementalRunTest.analyse(gram, file, "--max-tensor-elements", "100000", "--solver", "gram");
    TableStore.open(spark, auto.toString()).registerViews();
    List<Row> a = spark.sql("SELECT layer_name, solver, status FROM layers ORDER BY layer_name").collectAsList();
    TableStore.open(spark, gram.toString()).registerViews();
    List<Row> g = spark.sql("SELECT layer_name, status, error FROM layers ORDER BY layer_name").collectAsList();
    // nan.weight (20,000 elements) stays local and fails for its values (its row names the
    // configured solver); the 600,000- and
    // 375,000-element tensors exceed the 100,000-element task limit
    assertEquals(List.of("auto", "distributed-gram", "distributed-gram"), a.stream().map(r -> r.getString(1)).toList());
    assertEquals(List.of("failed", "success", "success"), a.stream().map(r -> r.getString(2)).toList());
    assertEquals(List.of("failed", "failed", "failed"), g.stream().map(r -> r.getString(1)).toList(), "--solver gram keeps the limit");
    assertTrue(g.get(1).getString(2).contains("exceed the per-task limit"), g.get(1).getString(2));
  }

  private static double[] gaussian(SplittableRandom random, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextGaussian();
    }
    return v;
  }
}
