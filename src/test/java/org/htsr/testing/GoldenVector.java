package org.htsr.testing;

import java.util.List;

/**
 * The portable golden layers of weightwatcher-spec §3.16(a): a Linear (200 out × 300 in) and then a
 * Conv2d (24, 16, 3, 3) filled row-major from the 64-bit LCG with seed 42, each entry 0.05·sign·((1
 * − u2)^(−1/3) − 1) (sign from u1), rounded to float32 as PyTorch stores them.
 */
public final class GoldenVector {

  private GoldenVector() {}

  /** The two layers' spectra, as WeightWatcher computes them (SVD, pooled conv with its scaling). */
  public record Layers(Spectra.Layer linear, Spectra.Layer conv) {}

  /** The two layers' values, row-major, as PyTorch stores them. */
  public record Values(double[] linear, double[] conv) {}

  public static Values values() {
    Lcg lcg = new Lcg(42);
    double[] linear = fill(lcg, 200 * 300);
    double[] conv = fill(lcg, 24 * 16 * 3 * 3);
    return new Values(linear, conv);
  }

  public static Layers layers() {
    Values v = values();
    return new Layers(
        Spectra.layer("linear.weight", List.of(200L, 300L), v.linear()),
        Spectra.layer("conv.weight", List.of(24L, 16L, 3L, 3L), v.conv()));
  }

  private static double[] fill(Lcg lcg, int count) {
    double[] out = new double[count];
    for (int i = 0; i < count; i++) {
      double u1 = lcg.nextUniform();
      double u2 = lcg.nextUniform();
      double sign = u1 < 0.5 ? -1 : 1;
      out[i] = (float) (0.05 * sign * (Math.pow(1 - u2, -1.0 / 3) - 1));
    }
    return out;
  }
}
