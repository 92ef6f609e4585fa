package org.htsr.io;

/**
 * The IEEE-754-style binary formats narrower than float that checkpoints store: float16 (1 sign, 5
 * exponent, 10 mantissa bits) and bfloat16 (1, 8, 7). Decoding is exact (every such value is a
 * double); encoding rounds to nearest, ties to even, straight from double so that no value is
 * rounded twice.
 */
public enum MiniFloat {
  F16(5, 10),
  BF16(8, 7);

  private final int mantissaBits;
  private final int exponentMask;
  private final int bias;
  private final double minNormal;

  /** The smallest magnitude that rounds to infinity: the largest finite value plus half an ulp. */
  private final double overflow;

  MiniFloat(int exponentBits, int mantissaBits) {
    this.mantissaBits = mantissaBits;
    this.exponentMask = (1 << exponentBits) - 1;
    this.bias = exponentMask >> 1;
    this.minNormal = Math.scalb(1.0, 1 - bias);
    this.overflow = Math.scalb(2.0 - Math.scalb(1.0, -(mantissaBits + 1)), bias);
  }

  /** The value of the low 16 bits of {@code bits}. */
  public double decode(int bits) {
    int mantissa = bits & ((1 << mantissaBits) - 1);
    int exponent = (bits >>> mantissaBits) & exponentMask;
    double magnitude;
    if (exponent == 0) {
      magnitude = Math.scalb((double) mantissa, 1 - bias - mantissaBits);
    } else if (exponent == exponentMask) {
      magnitude = mantissa == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
    } else {
      magnitude =
          Math.scalb((double) ((1 << mantissaBits) | mantissa), exponent - bias - mantissaBits);
    }
    return (bits & signBit()) != 0 ? -magnitude : magnitude;
  }

  /** The nearest value's bits (ties to even); NaN becomes the canonical quiet NaN. */
  public int encode(double value) {
    int sign = Double.doubleToRawLongBits(value) < 0 ? signBit() : 0;
    int infinity = exponentMask << mantissaBits;
    if (Double.isNaN(value)) {
      return sign | infinity | (1 << (mantissaBits - 1));
    }
    double magnitude = Math.abs(value);
    if (magnitude >= overflow) {
      return sign | infinity;
    }
    if (magnitude < minNormal) {
      // subnormal: a multiple of the smallest step; rounding up to minNormal gives its bits too
      return sign | (int) Math.rint(Math.scalb(magnitude, bias - 1 + mantissaBits));
    }
    int exponent = Math.getExponent(magnitude);
    int significand = (int) Math.rint(Math.scalb(magnitude, mantissaBits - exponent));
    // a significand rounded up to 2^(mantissaBits+1) carries into the exponent, as it should
    return sign | (((exponent + bias) << mantissaBits) + significand - (1 << mantissaBits));
  }

  private int signBit() {
    return 1 << (mantissaBits + Integer.bitCount(exponentMask));
  }
}
