package org.htsr.stats;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.htsr.model.MpFit;
import org.htsr.testing.ReferenceSpectra;
import org.htsr.testing.WwReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Parity with WeightWatcher 0.7.5.5 {@code analyze(mp_fit=True)}: {@code reference/ww/<set>/mpfit.csv}
 * (json: numpy 1.24.2, scipy 1.10.1, scikit-learn 1.2.1), every layer whose file is shipped.
 *
 * <p>The issue asks for 1e-3 relative; the port is exact, so it is held to {@link #RELATIVE}: a
 * larger deviation means the brute-force grid or the Nelder–Mead path went another way, which
 * this test should catch. num_spikes must be equal. bulk_min is 0 for Q = 1 and compared absolutely.
 */
class MarchenkoPasturFitReferenceTest {

  /** Eigenvalues from gesdd in Java and in scipy differ by ~1e-15; the fit amplifies that little. */
  static final double RELATIVE = 1e-9;

  @ParameterizedTest
  @ValueSource(strings = {"synthetic", "models"})
  void everyLayerMatchesWeightWatcher(String set) throws FitException {
    List<WwReference.Row> rows = WwReference.load(set, "mpfit");
    List<String> problems = new ArrayList<>();
    Map<String, Double> worst = new LinkedHashMap<>();
    for (WwReference.Row ref : rows) {
      ReferenceSpectra.Layer layer = ReferenceSpectra.of(set, ref);
      MpFit fit = MarchenkoPasturFit.fit(layer.eigenvalues(), layer.spec().n(), layer.spec().m());
      compare(problems, worst, ref, "sigma_mp", fit.sigmaMp());
      compare(problems, worst, ref, "mp_softrank", fit.mpSoftrank());
      compare(problems, worst, ref, "bulk_max", fit.bulkMax());
      compare(problems, worst, ref, "bulk_min", fit.bulkMin());
      compare(problems, worst, ref, "W_scale", fit.wScale());
      if (fit.numSpikes() != (int) ref.number("num_spikes")) {
        problems.add(ref.tensor() + " num_spikes " + fit.numSpikes() + " vs " + ref.text("num_spikes"));
      }
    }
    System.out.printf(Locale.ROOT, "mpfit %s: %d layers, max relative deviation %s%n", set, rows.size(), worst);
    assertTrue(rows.size() >= 30, "only " + rows.size() + " reference layers");
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  private static void compare(List<String> problems, Map<String, Double> worst, WwReference.Row ref, String column, double actual) {
    double expected = ref.number(column);
    double deviation = expected == 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
    worst.merge(column, deviation, Math::max);
    if (!(deviation <= RELATIVE)) {
      problems.add(String.format(Locale.ROOT, "%s %s: %.12g vs %.12g (%.1e)", ref.tensor(), column, actual, expected, deviation));
    }
  }
}
