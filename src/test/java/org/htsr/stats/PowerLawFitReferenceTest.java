package org.htsr.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.htsr.model.PowerLawFit;
import org.htsr.testing.ReferenceSpectra;
import org.htsr.testing.WwReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fit variants against WeightWatcher 0.7.5.5's reference output ({@code reference/ww/<set>/<mode>.csv};
 * the {@code pl1.5_*} modes ran with powerlaw 1.5, commit 6732699; the json files hold the
 * arguments). The issue asks for α within 1e-4; where the port is exact the tests hold it tighter,
 * so that a changed path shows.
 */
class PowerLawFitReferenceTest {

  /** Exact ports: only summation order differs from NumPy's. */
  static final double EXACT = 1e-9;
  /** The issue's tolerance, for the TPL, whose 2-D Nelder–Mead path is the most fragile. */
  static final double ISSUE = 1e-4;

  /**
   * Layers whose TPL fit moves to another xmin when the eigenvalues differ in their last bits:
   * the reference's OpenBLAS 0.3.21 gives α 2.1122, the bundled 0.3.31 α 2.1001, netlib's pure
   * Java α 2.1184 (docs/fit-modes.md, "tpl and the BLAS"). α is held to 1 %, xmin and Λ not at all.
   */
  static final java.util.Set<String> BLAS_SENSITIVE_TPL = java.util.Set.of("studentt_mu2_q2_512x256.weight");

  /**
   * {@code pl1.5_powerlaw_pkg}: {@code pl_package='powerlaw'}, xmax=None — powerlaw's own
   * candidates (distinct values) and two-sided KS. Equal to the default {@code ww} fit here.
   */
  @Test
  void untruncatedPowerlawMatchesPowerlawPackage() throws FitException {
    List<String> problems = new ArrayList<>();
    List<WwReference.Row> rows = WwReference.load("synthetic", "pl1.5_powerlaw_pkg");
    for (WwReference.Row ref : rows) {
      double[] lambda = eigenvalues("synthetic", ref);
      PowerLawFit fit = PowerlawPackageFit.untruncated().fit(lambda);
      check(problems, ref, "alpha", fit.alpha(), EXACT);
      check(problems, ref, "xmin", fit.xmin(), EXACT);
      check(problems, ref, "D", fit.d(), EXACT);
      assertEquals(new WeightWatcherFit().fit(lambda).alpha(), fit.alpha(), 1e-12 * fit.alpha(), ref.tensor());
    }
    assertTrue(rows.size() >= 30);
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  /** {@code pl1.5_xmin_peak}: {@code fix_fingers='xmin_peak', pl_package='powerlaw'}. */
  @Test
  void xminPeakMatchesPowerlawPackage() throws FitException {
    List<String> problems = new ArrayList<>();
    for (WwReference.Row ref : WwReference.load("synthetic", "pl1.5_xmin_peak")) {
      PowerLawFit fit = PowerLawFitters.forMode("xmin_peak").fit(eigenvalues("synthetic", ref));
      check(problems, ref, "alpha", fit.alpha(), EXACT);
      check(problems, ref, "xmin", fit.xmin(), EXACT);
      check(problems, ref, "D", fit.d(), EXACT);
      check(problems, ref, "sigma", fit.sigma().orElseThrow(), EXACT);
      assertEquals((int) ref.number("num_pl_spikes"), fit.numPlSpikes(), ref.tensor());
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  /** Layers where WeightWatcher's clip_xmax crashes: ten or fewer eigenvalues above 1e-5. */
  private static final Set<String> CLIP_XMAX_CRASHES = Set.of("small_40x10.weight", "lowrank_r10_q2_1000x500.weight");

  /**
   * {@code fix_fingers}: {@code fix_fingers='clip_xmax'}. Where WeightWatcher fails the layer
   * (see {@link ClippedPowerLawFit}), htsr keeps the first fit: the default α, no fingers.
   */
  @ParameterizedTest
  @ValueSource(strings = {"synthetic", "models"})
  void clipXmaxMatchesWeightWatcher(String set) throws FitException {
    List<String> problems = new ArrayList<>();
    int crashes = 0;
    List<WwReference.Row> defaults = WwReference.load(set, "default");
    for (WwReference.Row ref : WwReference.load(set, "fix_fingers")) {
      PowerLawFit fit = PowerLawFitters.forMode("clip_xmax").fit(eigenvalues(set, ref));
      if (CLIP_XMAX_CRASHES.contains(ref.tensor())) {
        assertEquals("failed", ref.text("status"), ref.tensor());
        WwReference.Row plain = defaults.stream().filter(r -> r.tensor().equals(ref.tensor())).findFirst().orElseThrow();
        check(problems, plain, "alpha", fit.alpha(), EXACT);
        assertEquals(0, fit.numFingers().getAsInt());
        crashes++;
        continue;
      }
      check(problems, ref, "alpha", fit.alpha(), EXACT);
      check(problems, ref, "raw_alpha", fit.rawAlpha().orElseThrow(), EXACT);
      check(problems, ref, "xmin", fit.xmin(), EXACT);
      check(problems, ref, "xmax", fit.xmax(), EXACT);
      check(problems, ref, "D", fit.d(), EXACT);
      if (fit.numFingers().getAsInt() != (int) ref.number("num_fingers")) {
        problems.add(ref.tensor() + " num_fingers " + fit.numFingers() + " vs " + ref.text("num_fingers"));
      }
      assertEquals((int) ref.number("num_pl_spikes"), fit.numPlSpikes(), ref.tensor());
    }
    assertEquals(set.equals("synthetic") ? 2 : 0, crashes);
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  /**
   * {@code pl1.5_tpl}: {@code fit='TPL', pl_package='powerlaw'}. WeightWatcher's own numbers
   * come back from the powerlaw-compatible mode on every layer, the boundary fits included. htsr's
   * {@code tpl} reports the same fit where α is interior, and fails the layers whose reported α is
   * the α &gt; 1 bound.
   */
  @Test
  void tplMatchesPowerlawAndRejectsBoundaryFits() throws FitException {
    List<String> problems = new ArrayList<>();
    int interior = 0;
    int boundary = 0;
    for (WwReference.Row ref : WwReference.load("synthetic", "pl1.5_tpl")) {
      double[] lambda = eigenvalues("synthetic", ref);
      PowerLawFit compatible = TruncatedPowerLawFit.powerlawCompatible().fit(lambda);
      if (BLAS_SENSITIVE_TPL.contains(ref.tensor())) {
        // a flat TPL likelihood: the last bits of the eigenvalues pick the xmin (docs/fit-modes.md)
        check(problems, ref, "alpha", compatible.alpha(), 1e-2);
      } else {
        check(problems, ref, "alpha", compatible.alpha(), ISSUE);
        check(problems, ref, "xmin", compatible.xmin(), ISSUE);
        check(problems, ref, "Lambda", compatible.lambda().orElseThrow(), 1e-2);
      }
      if (ref.number("alpha") > 1 + TruncatedPowerLawFit.BOUNDARY_MARGIN) {
        PowerLawFit fit = PowerLawFitters.forMode("tpl").fit(lambda);
        assertEquals(compatible, fit.withMode(TruncatedPowerLawFit.MODE), ref.tensor());
        interior++;
      } else {
        FitException e = assertThrows(FitException.class, () -> PowerLawFitters.forMode("tpl").fit(lambda), ref.tensor());
        assertTrue(e.getMessage().contains("bound"), e.getMessage());
        boundary++;
      }
    }
    assertEquals(7, interior);
    assertEquals(16, boundary);
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  private static double[] eigenvalues(String set, WwReference.Row ref) {
    return ReferenceSpectra.of(set, ref).eigenvalues();
  }

  private static void check(List<String> problems, WwReference.Row ref, String column, double actual, double relative) {
    double expected = ref.number(column);
    if (!(Math.abs(actual - expected) <= relative * Math.abs(expected))) {
      problems.add(String.format(Locale.ROOT, "%s %s: %.12g vs %.12g", ref.tensor(), column, actual, expected));
    }
  }
}
