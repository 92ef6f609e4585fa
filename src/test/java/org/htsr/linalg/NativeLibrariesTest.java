package org.htsr.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ludovic.netlib.blas.BLAS;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.openblas.global.openblas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The default library is the bundled OpenBLAS, and netlib (MLlib's and htsr's BLAS/LAPACK) calls
 * that same file: nothing else that is a BLAS or LAPACK is mapped into the JVM. Skipped in the
 * surefire execution that re-runs the linalg tests on pure Java.
 */
@EnabledIf("bundledRequested")
class NativeLibrariesTest {

  static boolean bundledRequested() {
    return BlasChoice.fromProperties() == BlasChoice.BUNDLED;
  }

  @Test
  void theDefaultIsTheBundledOpenBlasWithLapacke() {
    LoadedBlas blas = NativeLibraries.current();
    assertEquals(BlasOrigin.BUNDLED, blas.origin(), blas.describe());
    assertTrue(blas.library().startsWith("OpenBLAS 0.3.31"), blas.describe());
    assertTrue(blas.lapacke(), blas.describe());
    assertTrue(NativeLibraries.isNativeBlas(BLAS.getInstance()), blas.describe());
    assertTrue(NativeLibraries.isNativeLapack(), blas.describe());
    assertTrue(blas.describe().startsWith("OpenBLAS 0.3.31 (bundled: "), blas.describe());
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void netlibCallsTheBundledFileAndNoOtherBlasIsMapped() {
    LoadedBlas blas = NativeLibraries.current();
    Path file = Path.of(blas.file().orElseThrow());
    double[] a = new double[40 * 30];
    for (int i = 0; i < a.length; i++) {
      a[i] = Math.sin(i * 0.37) + 0.1 * i / a.length;
    }
    double[] viaNetlib = new double[30 * 30];
    BLAS.getInstance().dsyrk("U", "T", 30, 40, 1.0, a, 40, 0.0, viaNetlib, 30); // loads netlib's JNI shim
    List<String> mapped = NativeLibraries.mappedLibraries();
    assertTrue(mapped.contains(file.toString()), "bundled " + file + " not mapped: " + mapped);
    assertTrue(mapped.stream().anyMatch(p -> p.contains("netlibblasjni")), "netlib's JNI shim not loaded: " + mapped);
    assertEquals(List.of(), NativeLibraries.otherMappedBlas(file.getParent()), "a second BLAS/LAPACK in this JVM");

    // and the shim's dsyrk is the bundled library's: bit for bit what its own cblas_dsyrk gives
    try (DoublePointer pa = new DoublePointer(a); DoublePointer pc = new DoublePointer(30 * 30)) {
      pc.fill(0);
      openblas.cblas_dsyrk(openblas.CblasColMajor, openblas.CblasUpper, openblas.CblasTrans, 30, 40, 1.0, pa, 40, 0.0, pc, 30);
      double[] viaBindings = new double[30 * 30];
      pc.get(viaBindings);
      assertArrayEquals(viaBindings, viaNetlib);
    }
  }

  /**
   * One OpenBLAS instance, not two copies of the same file: the thread count set through JavaCPP's
   * bindings reaches netlib's calls. dsyevd's last bits depend on the thread count, so netlib's
   * dsyevd equals LAPACKE's bit for bit on one and on two threads only if both call the same
   * instance. (JavaCPP maps two byte-identical copies; netlib once opened the second by path, got
   * an OpenBLAS of its own stuck on OPENBLAS_NUM_THREADS, and its Gram never used an idle core.)
   */
  @Test
  void netlibAndTheBindingsShareOneOpenBlasInstance() throws SpectrumException {
    int cores = BlasThreads.cores();
    BlasThreads.useCores(1); // leases do nothing: the threads are set by hand
    try {
      int n = 1024;
      double[] g = gram(n, 99);
      double[][] bindings = new double[3][];
      for (int threads : new int[] {1, 2}) {
        org.bytedeco.openblas.global.openblas_full.openblas_set_num_threads(threads);
        bindings[threads] = SymmetricEigen.eigenvaluesOffHeap(EigenDriver.DSYEVD, g.clone(), n);
        double[] netlib = SymmetricEigen.netlib(dev.ludovic.netlib.lapack.LAPACK.getInstance(), g.clone(), n);
        for (int i = 0; i < n; i++) {
          netlib[i] = Math.max(0, netlib[i]);
        }
        assertArrayEquals(bindings[threads], netlib, "netlib's dsyevd on " + threads + " thread(s) is another OpenBLAS");
      }
      assertTrue(!java.util.Arrays.equals(bindings[1], bindings[2]),
          "dsyevd gave the same bits on one and two threads: this test could not tell two instances apart");
    } finally {
      org.bytedeco.openblas.global.openblas_full.openblas_set_num_threads(1);
      BlasThreads.useCores(cores);
    }
  }

  @Test
  void theTwoStageDriverAgreesWithDsyevd() throws SpectrumException {
    // 64, 65, 129: one band, one panel of one row, a short last panel; 600 and 1100: panels cut
    // into blocks (BandReduction.MIN_SPLIT_ROWS); −900: a 900×900 Gram of rank 300
    for (int order : new int[] {1, 2, 7, 64, 65, 129, 150, 600, 1100, -900}) {
      int n = Math.abs(order);
      double[] gram = order > 0 ? gram(n, 11 + n) : lowRankGram(n, 300, 5);
      double[] oneStage = SymmetricEigen.eigenvaluesOffHeap(EigenDriver.DSYEVD, gram.clone(), n);
      double[] twoStage = SymmetricEigen.eigenvaluesOffHeap(EigenDriver.DSYEVD_2STAGE, gram.clone(), n);
      double[] ownFirstStage = SymmetricEigen.eigenvaluesOffHeap(EigenDriver.SY2SB_DSBEVD_2STAGE, gram.clone(), n);
      double[] netlib = SymmetricEigen.netlib(dev.ludovic.netlib.lapack.LAPACK.getInstance(), gram.clone(), n);
      double lambdaMax = oneStage[n - 1];
      assertTrue(lambdaMax > 0);
      for (int i = 0; i < n; i++) {
        assertEquals(oneStage[i], twoStage[i], 1e-13 * lambdaMax, "n=" + n + " eigenvalue " + i);
        assertEquals(oneStage[i], ownFirstStage[i], 1e-13 * lambdaMax, "n=" + n + " eigenvalue " + i + " (htsr's band reduction)");
        assertEquals(Math.max(0, netlib[i]), oneStage[i], 1e-13 * lambdaMax, "n=" + n + " eigenvalue " + i + " (netlib)");
      }
    }
  }

  @Test
  void theSolverColumnNamesTheDriver() {
    assertEquals("gram-dsytrd+dsterf", GramEigenSolver.nameFor(EigenDriver.TWO_STAGE_FROM - 1));
    assertEquals("gram-sy2sb+dsbevd_2stage", GramEigenSolver.nameFor(EigenDriver.TWO_STAGE_FROM));
    assertEquals("gram-dsytrd+dsterf", new GramEigenSolver().name(new DenseMatrix(50, 20, new double[1000])));
  }

  /**
   * Where the bundled library cannot load (here: JavaCPP told it runs on another platform), the run
   * goes on on pure Java with one warning line, and netlib never tries a dlopen.
   */
  @Test
  void aMissingLibraryGivesOneWarningLine() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-Dorg.bytedeco.javacpp.platform=windows-x86_64",
        "-cp", System.getProperty("java.class.path"), Describe.class.getName())
        .redirectErrorStream(false).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), err);
    assertTrue(out.startsWith("netlib pure Java (pure java; blas="), out);
    List<String> warnings = err.lines().filter(l -> l.startsWith("htsr: warning:")).toList();
    assertEquals(1, warnings.size(), err);
    assertTrue(warnings.get(0).contains("bundled OpenBLAS could not be loaded on windows-x86_64"), err);
    assertTrue(!err.contains("dlopen"), err);
  }

  /** The child JVM of {@link #aMissingLibraryGivesOneWarningLine}. */
  static final class Describe {
    public static void main(String[] args) {
      System.out.println(NativeLibraries.describe());
    }
  }

  /** The n×n Gram matrix of n vectors of length k < n: rank k, n − k eigenvalues at rounding level. */
  private static double[] lowRankGram(int n, int k, long seed) {
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    double[] w = new double[k * n];
    for (int i = 0; i < w.length; i++) {
      w[i] = random.nextGaussian();
    }
    double[] g = new double[n * n];
    BLAS.getInstance().dgemm("T", "N", n, n, k, 1.0, w, k, w, k, 0.0, g, n);
    return g;
  }

  private static double[] gram(int n, long seed) {
    return SpikedGram.of(n, 2 * n + 3, seed);
  }

}
