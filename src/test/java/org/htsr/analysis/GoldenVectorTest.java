package org.htsr.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.htsr.linalg.GramEigenSolver;
import org.htsr.linalg.SpectrumSolver;
import org.htsr.linalg.SvdSolver;
import org.htsr.model.DType;
import org.htsr.model.LayerResult;
import org.htsr.model.LayerSpec;
import org.htsr.model.NormMetrics;
import org.htsr.model.PowerLawFit;
import org.htsr.model.TensorInfo;
import org.htsr.stats.WeightWatcherFit;
import org.htsr.testing.GoldenVector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The portable golden test of weightwatcher-spec §3.16(a): a Linear (200×300) and a Conv2d
 * (24,16,3,3) filled from a 64-bit LCG, cast to float32, analysed by WeightWatcher 0.7.5.5
 * ({@code analyze(mp_fit=True, detX=True)}; the default columns are checked here). Values are
 * given to 10 significant digits, hence the tolerances. The conv slices are scaled by 1/√2 in
 * float32, as WeightWatcher does with numpy 1.x; scaling in float64 instead moves D by 1e-7.
 */
class GoldenVectorTest {

  private static final double LINEAR_REL = 2e-9;
  private static final double CONV_REL = 5e-9;

  @ParameterizedTest
  @ValueSource(strings = {"gram", "svd"})
  void linearAndConvMatchWeightWatcher(String solverName) {
    SpectrumSolver solver = solverName.equals("svd") ? new SvdSolver() : new GramEigenSolver();
    GoldenVector.Values golden = GoldenVector.values();
    double[] linear = golden.linear();
    double[] conv = golden.conv();
    assertEquals(0.004444752533736951, linear[0], 1e-9);
    assertEquals(-0.01967204953526839, linear[1], 1e-9);
    assertEquals(0.02419394001793278, conv[0], 1e-9);

    LayerPlanner planner = new LayerPlanner(LayerSelection.defaults());
    List<LayerSpec> specs = planner.plan(List.of(
        new TensorInfo("linear.weight", DType.F32, List.of(200L, 300L), "mem"),
        new TensorInfo("conv.weight", DType.F32, List.of(24L, 16L, 3L, 3L), "mem"))).specs();
    LayerAnalyzer analyzer = new LayerAnalyzer(solver, new WeightWatcherFit());

    LayerResult lin = analyzer.analyze(specs.get(0), linear);
    assertTrue(lin.succeeded(), lin.error().orElse(""));
    assertEquals(300, lin.spec().n());
    assertEquals(200, lin.spec().m());
    assertEquals(1, lin.spec().rf());
    assertEquals(200, lin.spec().numEvals());
    PowerLawFit f = lin.powerLaw().orElseThrow();
    NormMetrics m = lin.norms().orElseThrow();
    near(4.1465909218, f.alpha(), LINEAR_REL);
    near(1.4788670286, f.xmin(), LINEAR_REL);
    near(4.0233267742, f.xmax(), LINEAR_REL);
    near(0.0640477049, f.d(), LINEAR_REL);
    near(0.6170972504, f.sigma().orElseThrow(), LINEAR_REL);
    assertEquals(26, f.numPlSpikes());
    near(2.1422720696, m.logNorm(), LINEAR_REL);
    near(0.6045853074, m.logSpectralNorm(), LINEAR_REL);
    near(2.506967947, lin.alphaNorms().orElseThrow().alphaWeighted(), LINEAR_REL);
    near(3.0607275758, lin.alphaNorms().orElseThrow().logAlphaNorm(), LINEAR_REL);
    near(34.4894891876, m.stableRank(), LINEAR_REL);
    assertEquals(200, m.matrixRank());
    near(0.9179170256, m.entropy(), LINEAR_REL);
    near(2.0058232161, m.svMax(), LINEAR_REL);
    near(0.1594407843, m.svMin(), LINEAR_REL);

    LayerResult cv = analyzer.analyze(specs.get(1), conv);
    assertTrue(cv.succeeded(), cv.error().orElse(""));
    assertEquals(24, cv.spec().n());
    assertEquals(16, cv.spec().m());
    assertEquals(9, cv.spec().rf());
    assertEquals(144, cv.spec().numEvals());
    f = cv.powerLaw().orElseThrow();
    m = cv.norms().orElseThrow();
    near(2.5169302544, f.alpha(), CONV_REL);
    near(0.0284484156, f.xmin(), CONV_REL);
    near(0.178363673, f.xmax(), CONV_REL);
    near(0.1193663289, f.d(), CONV_REL);
    near(0.2236591641, f.sigma().orElseThrow(), CONV_REL);
    assertEquals(46, f.numPlSpikes());
    near(0.5775437561, m.logNorm(), CONV_REL);
    near(-0.748693593, m.logSpectralNorm(), CONV_REL);
    near(-1.8844095554, cv.alphaNorms().orElseThrow().alphaWeighted(), CONV_REL);
    near(-1.1208689834, cv.alphaNorms().orElseThrow().logAlphaNorm(), CONV_REL);
    near(21.1951917055, m.stableRank(), CONV_REL);
    assertEquals(144, m.matrixRank());
    near(0.8793942914, m.entropy(), CONV_REL);
    near(0.4223312361, m.svMax(), CONV_REL);
    near(0.039477152, m.svMin(), CONV_REL);
  }

  private static void near(double expected, double actual, double relative) {
    double tolerance = Math.max(Math.abs(expected) * relative, 6e-11);
    assertEquals(expected, actual, tolerance);
  }
}
