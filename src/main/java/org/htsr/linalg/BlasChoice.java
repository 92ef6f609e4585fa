package org.htsr.linalg;

import java.util.Locale;

/**
 * Which BLAS/LAPACK a JVM uses: the conf key {@code spark.htsr.blas} (driver and executors) or the
 * system property {@code htsr.blas} (plain JVMs, tests); docs/requirements.md.
 */
public enum BlasChoice {
  /** OpenBLAS from the org.bytedeco:openblas jars on the class path (the default). */
  BUNDLED,
  /** The system's libblas.so.3 / liblapack.so.3, as netlib finds them (or its nativeLib/nativeLibPath properties). */
  SYSTEM,
  /** netlib's pure-Java BLAS/LAPACK: no native code at all. */
  JAVA;

  /** The Spark property that selects the library on the driver and on every executor. */
  public static final String CONF_KEY = "spark.htsr.blas";
  /** The JVM system property with the same meaning, read where no Spark conf is at hand. */
  public static final String PROPERTY = "htsr.blas";

  public static BlasChoice parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException unknown) {
      throw new IllegalArgumentException(
          "unknown " + CONF_KEY + " '" + value + "': expected bundled, system or java", unknown);
    }
  }

  /** {@code htsr.blas}, else pure Java where netlib's own allowNative=false says so, else bundled. */
  public static BlasChoice fromProperties() {
    String value = System.getProperty(PROPERTY);
    if (value != null && !value.isBlank()) {
      return parse(value);
    }
    if ("false".equals(System.getProperty("dev.ludovic.netlib.lapack.allowNative"))) {
      return JAVA;
    }
    return BUNDLED;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
