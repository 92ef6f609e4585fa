package org.htsr.linalg;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.lapack.LAPACK;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Which BLAS/LAPACK netlib loaded. The class name alone does not prove OpenBLAS (netlib's JNI shim
 * reports JNIBLAS for any libblas.so.3), so the process's mapped libraries are checked too.
 */
public final class NativeLibraries {

  private NativeLibraries() {}

  /** The implementations in use, e.g. "blas=JNIBLAS lapack=JNILAPACK native=libopenblasp-r0.3.21.so". */
  public static String describe() {
    return "blas=" + BLAS.getInstance().getClass().getSimpleName()
        + " lapack=" + LAPACK.getInstance().getClass().getSimpleName()
        + " native=" + mappedBlasLibrary();
  }

  /** True when netlib's BLAS goes through JNI to a native library. */
  public static boolean isNativeBlas(BLAS blas) {
    return blas.getClass().getSimpleName().startsWith("JNI");
  }

  /** True when LAPACK calls go to a native library. */
  public static boolean isNativeLapack() {
    return LAPACK.getInstance().getClass().getSimpleName().startsWith("JNI");
  }

  /**
   * The file name of the native BLAS mapped into this process (libopenblas…, libblas…), or "none"
   * ("unknown" where /proc is not available).
   */
  public static String mappedBlasLibrary() {
    Path maps = Path.of("/proc/self/maps");
    if (!Files.isReadable(maps)) {
      return "unknown";
    }
    try (Stream<String> lines = Files.lines(maps)) {
      return lines
          .map(line -> line.substring(line.lastIndexOf(' ') + 1))
          .map(path -> path.substring(path.lastIndexOf('/') + 1))
          .filter(name -> name.startsWith("libopenblas") || name.startsWith("libblas") || name.startsWith("libmkl"))
          .sorted((a, b) -> Boolean.compare(b.startsWith("libopenblas"), a.startsWith("libopenblas")))
          .findFirst()
          .orElse("none");
    } catch (IOException | java.io.UncheckedIOException unreadable) {
      return "unknown";
    }
  }
}
