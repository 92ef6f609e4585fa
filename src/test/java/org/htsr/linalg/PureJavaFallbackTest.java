package org.htsr.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ludovic.netlib.blas.BLAS;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * In the surefire execution "pure-java-linalg" netlib is told not to load native code: this
 * checks that the solver tests of that execution really ran on the Java fallback.
 */
@EnabledIfSystemProperty(named = "dev.ludovic.netlib.lapack.allowNative", matches = "false")
class PureJavaFallbackTest {

  @Test
  void theSolversRunOnPureJavaBlasAndLapack() {
    assertFalse(NativeLibraries.isNativeBlas(BLAS.getInstance()));
    assertFalse(NativeLibraries.isNativeLapack());
    assertTrue(NativeLibraries.describe().contains("lapack=F2jLAPACK"), NativeLibraries.describe());
    assertEquals(BlasOrigin.PURE_JAVA, NativeLibraries.current().origin(), NativeLibraries.describe());
  }
}
