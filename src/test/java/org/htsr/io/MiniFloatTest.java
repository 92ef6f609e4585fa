package org.htsr.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MiniFloatTest {

  @Test
  void float16DecodesItsSpecialValues() {
    assertEquals(1.0, MiniFloat.F16.decode(0x3C00));
    assertEquals(-2.0, MiniFloat.F16.decode(0xC000));
    assertEquals(65504.0, MiniFloat.F16.decode(0x7BFF)); // largest finite
    assertEquals(0x1p-14, MiniFloat.F16.decode(0x0400)); // smallest normal
    assertEquals(0x1p-24, MiniFloat.F16.decode(0x0001)); // smallest subnormal
    assertEquals(1023 * 0x1p-24, MiniFloat.F16.decode(0x03FF)); // largest subnormal
    assertEquals(-0.0, MiniFloat.F16.decode(0x8000));
    assertEquals(Double.POSITIVE_INFINITY, MiniFloat.F16.decode(0x7C00));
    assertEquals(Double.NEGATIVE_INFINITY, MiniFloat.F16.decode(0xFC00));
    assertTrue(Double.isNaN(MiniFloat.F16.decode(0x7E00)));
    assertTrue(Double.isNaN(MiniFloat.F16.decode(0xFC01)));
  }

  @Test
  void bfloat16IsTheTopHalfOfAFloat() {
    for (int bits = 0; bits < 1 << 16; bits++) {
      assertEquals(
          (double) Float.intBitsToFloat(bits << 16),
          MiniFloat.BF16.decode(bits),
          Integer.toHexString(bits));
    }
  }

  @Test
  void everyValueEncodesToItsOwnBits() {
    for (MiniFloat format : MiniFloat.values()) {
      for (int bits = 0; bits < 1 << 16; bits++) {
        double value = format.decode(bits);
        if (!Double.isNaN(value)) {
          assertEquals(bits, format.encode(value), format + " " + Integer.toHexString(bits));
        }
      }
    }
  }

  @Test
  void encodingRoundsToNearestTiesToEven() {
    MiniFloat f16 = MiniFloat.F16;
    assertEquals(0x3C00, f16.encode(1 + 0x1p-11)); // tie between 1 and 1+2^-10: even 1
    assertEquals(0x3C02, f16.encode(1 + 3 * 0x1p-11)); // tie: even 1+2^-9
    assertEquals(0x3C01, f16.encode(1 + 0x1p-11 + 0x1p-30)); // just above the tie
    assertEquals(0x7BFF, f16.encode(65519.99));
    assertEquals(0x7C00, f16.encode(65520)); // tie at the top rounds to infinity
    assertEquals(0xFC00, f16.encode(-1e300));
    assertEquals(0x0000, f16.encode(0x1p-25)); // tie between 0 and the smallest subnormal
    assertEquals(0x0001, f16.encode(0x1.8p-25));
    assertEquals(0x0400, f16.encode(0x1p-14 - 0x1p-26)); // rounds up from subnormal to normal
    assertEquals(0x8000, f16.encode(-1e-300));
    assertEquals(0x7E00, f16.encode(Double.NaN));
    // a double just above a float16 tie must not be rounded to float first (double rounding)
    assertEquals(0x3C01, f16.encode(1 + 0x1p-11 + 0x1p-40));
    assertEquals(0x3F80, MiniFloat.BF16.encode(1.0));
    assertEquals(0x3F80, MiniFloat.BF16.encode(1 + 0x1p-8)); // tie: even
    assertEquals(0x3F81, MiniFloat.BF16.encode(1 + 0x1p-8 + 0x1p-40));
    assertEquals(0x7F7F, MiniFloat.BF16.encode(0x1.FEp127)); // the largest finite bfloat16
    assertEquals(0x7F80, MiniFloat.BF16.encode(Float.MAX_VALUE)); // beyond its half ulp: infinity
  }
}
