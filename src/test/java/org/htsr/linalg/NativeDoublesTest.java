package org.htsr.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.bytedeco.javacpp.DoublePointer;
import org.junit.jupiter.api.Test;

class NativeDoublesTest {

  /** Zeroed whether calloc takes fresh pages (large) or memory just freed with values in it (small). */
  @Test
  void blocksAreZeroedAndSized() {
    NativeLibraries.current();
    assumeTrue(NativeLibraries.hasLapacke(), "needs the bundled OpenBLAS (JavaCPP's natives)");
    for (long count : new long[] {1, 7, 4096, 1 << 20, 5L << 20}) {
      try (DoublePointer dirty = new DoublePointer(count)) {
        dirty.asBuffer().put(0, 3.5).put((int) count - 1, -2.0); // garbage a freed block leaves
      }
      try (DoublePointer block = NativeDoubles.zeroed(count)) {
        assertEquals(count, block.capacity());
        assertEquals(count, block.limit());
        java.nio.DoubleBuffer values = block.asBuffer();
        for (int i = 0; i < count; i++) {
          if (Double.doubleToRawLongBits(values.get(i)) != 0L) {
            throw new AssertionError("element " + i + " of " + count + " is " + values.get(i));
          }
        }
      }
    }
  }

  @Test
  void anEmptyBlockIsRefused() {
    NativeLibraries.current();
    assertThrows(IllegalArgumentException.class, () -> NativeDoubles.zeroed(0));
  }
}
