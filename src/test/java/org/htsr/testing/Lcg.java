package org.htsr.testing;

/**
 * The 64-bit LCG of weightwatcher-spec §3.16(a): state ← 6364136223846793005·state +
 * 1442695040888963407 (mod 2⁶⁴), u = (state >>> 11)·2⁻⁵³. Portable, so golden vectors can be
 * regenerated in any language.
 */
public final class Lcg {

  private long state;

  public Lcg(long seed) {
    this.state = seed;
  }

  public double nextUniform() {
    state = 6364136223846793005L * state + 1442695040888963407L;
    return (state >>> 11) * 0x1.0p-53;
  }
}
