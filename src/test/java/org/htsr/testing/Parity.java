package org.htsr.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The tolerances at which htsr's default columns must match WeightWatcher's (issue "numerical
 * core", weightwatcher-spec §3.6/§3.8): α, D, σ within 1e-6 absolute; xmin, lambda_max and
 * stable_rank within 1e-6 relative; log_norm and log_spectral_norm within 1e-6 absolute;
 * alpha_weighted and log_alpha_norm within 1e-5 absolute; num_pl_spikes exact. With the exact
 * solver also matrix_rank, rank_loss and weak_rank_loss exact and entropy within 1e-9.
 */
public final class Parity {

  private Parity() {}

  /** Compares one layer's values with its reference row; returns the mismatches, empty if none. */
  public static List<String> mismatches(WwReference.Row ref, Map<String, ? extends Number> actual, boolean exactSolver) {
    List<String> out = new ArrayList<>();
    absolute(out, ref, actual, "alpha", 1e-6);
    absolute(out, ref, actual, "D", 1e-6);
    absolute(out, ref, actual, "sigma", 1e-6);
    relative(out, ref, actual, "xmin", 1e-6);
    relative(out, ref, actual, "lambda_max", 1e-6);
    relative(out, ref, actual, "stable_rank", 1e-6);
    absolute(out, ref, actual, "log_norm", 1e-6);
    absolute(out, ref, actual, "log_spectral_norm", 1e-6);
    absolute(out, ref, actual, "alpha_weighted", 1e-5);
    absolute(out, ref, actual, "log_alpha_norm", 1e-5);
    absolute(out, ref, actual, "num_pl_spikes", 0);
    absolute(out, ref, actual, "num_evals", 0);
    if (exactSolver) {
      absolute(out, ref, actual, "matrix_rank", 0);
      absolute(out, ref, actual, "rank_loss", 0);
      absolute(out, ref, actual, "weak_rank_loss", 0);
      absolute(out, ref, actual, "entropy", 1e-9);
    }
    return out;
  }

  private static void absolute(List<String> out, WwReference.Row ref, Map<String, ? extends Number> actual, String column, double tol) {
    double expected = ref.number(column);
    Number got = actual.get(column);
    if (got == null || !(Math.abs(got.doubleValue() - expected) <= tol)) {
      out.add(column + ": expected " + expected + " got " + Objects.toString(got) + " (abs tol " + tol + ")");
    }
  }

  private static void relative(List<String> out, WwReference.Row ref, Map<String, ? extends Number> actual, String column, double tol) {
    double expected = ref.number(column);
    Number got = actual.get(column);
    if (got == null || !(Math.abs(got.doubleValue() - expected) <= tol * Math.abs(expected))) {
      out.add(column + ": expected " + expected + " got " + Objects.toString(got) + " (rel tol " + tol + ")");
    }
  }
}
