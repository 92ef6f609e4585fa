package org.htsr.linalg;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.lapack.LAPACK;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas;

/**
 * One BLAS/LAPACK per JVM, chosen before netlib's first use (docs/requirements.md).
 *
 * <p>By default it is the OpenBLAS of the org.bytedeco:openblas jars (BLAS, LAPACK and LAPACKE with
 * the two-stage drivers), which JavaCPP extracts from the class path — htsr-job.jar on a cluster —
 * so no machine needs a system package. netlib (which MLlib and htsr's Gram and SVD calls use) is
 * pointed at that same loaded library (one instance, one thread pool) through its {@code
 * dev.ludovic.netlib.*.nativeLib} properties ({@link #sameInstance}); its JNI shim reads them
 * once, when it is first loaded, which is why {@link #install} must run before
 * any {@code BLAS.getInstance()} of the JVM: on the driver from {@code SparkSessions}, on executors
 * from {@code NativeLibrariesPlugin}, and lazily from every htsr solver as a safety net.
 */
public final class NativeLibraries {

  private static final String[] NETLIB = {"dev.ludovic.netlib.blas", "dev.ludovic.netlib.lapack"};

  private static LoadedBlas loaded;

  private NativeLibraries() {}

  /**
   * Chooses this JVM's library; the first call decides, later calls return what was chosen (with a
   * warning line when they ask for something else).
   */
  public static synchronized LoadedBlas install(BlasChoice choice) {
    if (loaded != null) {
      if (choice != requested(loaded.origin())) {
        System.err.println("htsr: warning: BLAS already chosen on this JVM (" + loaded.describe() + "); "
            + BlasChoice.CONF_KEY + "=" + choice.label() + " ignored");
      }
      return loaded;
    }
    loaded = switch (choice) {
      case BUNDLED -> bundled();
      case SYSTEM -> system();
      case JAVA -> pureJava(Optional.empty());
    };
    return loaded;
  }

  /** This JVM's library, chosen from the system properties ({@link BlasChoice#PROPERTY}) if not yet. */
  public static LoadedBlas current() {
    synchronized (NativeLibraries.class) {
      if (loaded != null) {
        return loaded;
      }
    }
    return install(BlasChoice.fromProperties());
  }

  /** {@link LoadedBlas#describe()} of {@link #current()}: the start-up line and runs.blas. */
  public static String describe() {
    return current().describe();
  }

  /** True when netlib's BLAS goes through JNI to a native library. */
  public static boolean isNativeBlas(BLAS blas) {
    return blas.getClass().getSimpleName().startsWith("JNI");
  }

  /** True when LAPACK calls go to a native library. */
  public static boolean isNativeLapack() {
    return LAPACK.getInstance().getClass().getSimpleName().startsWith("JNI");
  }

  /** True when the bundled library's LAPACKE (the two-stage drivers, off-heap calls) is loaded. */
  static boolean hasLapacke() {
    return current().lapacke();
  }

  private static BlasChoice requested(BlasOrigin origin) {
    return switch (origin) {
      case BUNDLED -> BlasChoice.BUNDLED;
      case SYSTEM -> BlasChoice.SYSTEM;
      case PURE_JAVA -> BlasChoice.JAVA;
    };
  }

  private static LoadedBlas bundled() {
    String file;
    String version;
    try {
      Loader.load(openblas.class);
      file = bundledFile().orElseThrow(() -> new IllegalStateException("JavaCPP loaded no libopenblas"));
      String artifact = Optional.ofNullable(Loader.getVersion("org.bytedeco", "openblas")).orElse("unknown");
      version = artifact.contains("-") ? artifact.substring(0, artifact.lastIndexOf('-')) : artifact;
    } catch (IOException | RuntimeException | LinkageError unavailable) {
      return pureJava(Optional.of("the bundled OpenBLAS could not be loaded on " + Loader.getPlatform()
          + " (" + unavailable.getMessage() + ")"));
    }
    for (String netlib : NETLIB) {
      // a user's explicit nativeLib/nativeLibPath wins; otherwise netlib binds to the instance
      // JavaCPP's bindings use (see sameInstance)
      if (System.getProperty(netlib + ".nativeLib") == null && System.getProperty(netlib + ".nativeLibPath") == null) {
        sameInstance(file).ifPresentOrElse(
            soname -> System.setProperty(netlib + ".nativeLib", soname),
            () -> System.setProperty(netlib + ".nativeLibPath", file));
      }
    }
    String netlib = netlibClasses();
    List<String> others = otherMappedBlas(Path.of(file).getParent());
    if (!others.isEmpty()) {
      System.err.println("htsr: warning: netlib was loaded before htsr chose the bundled OpenBLAS; this JVM also maps " + others);
    }
    return new LoadedBlas(BlasOrigin.BUNDLED, "OpenBLAS " + version, Optional.of(file), netlib, true);
  }

  /**
   * On Linux, the soname by which netlib must open the bundled library to get the very instance
   * JavaCPP's bindings call. JavaCPP loads two byte-identical copies of OpenBLAS by path, first
   * {@code libopenblas_nolapack.so.0} (its base class) then {@code libopenblas.so.0}, and both
   * carry the soname {@code libopenblas.so.0}; its JNI libraries, which need that soname, bind to
   * the copy loaded first. A {@code dlopen} by path of the second file gives a second OpenBLAS with
   * its own thread count (openblas_set_num_threads then reached LAPACKE's calls but not netlib's
   * dsyrk); a {@code dlopen} by soname finds the loaded copy the bindings use.
   */
  private static Optional<String> sameInstance(String file) {
    String name = Path.of(file).getFileName().toString();
    boolean linux = Loader.getPlatform().startsWith("linux");
    return linux && name.matches("libopenblas\\.so\\.\\d+") ? Optional.of(name) : Optional.empty();
  }

  private static LoadedBlas system() {
    boolean configured = System.getProperty(NETLIB[0] + ".nativeLibPath") != null || System.getProperty(NETLIB[0] + ".nativeLib") != null;
    if (!configured && findSystemLibrary("libblas.so.3").isEmpty()) {
      return pureJava(Optional.of(BlasChoice.CONF_KEY + "=system, but no libblas.so.3 was found"));
    }
    String netlib = netlibClasses();
    if (!isNativeLapack()) {
      return new LoadedBlas(BlasOrigin.PURE_JAVA, "netlib pure Java", Optional.empty(), netlib, false);
    }
    String mapped = mappedBlasLibrary();
    return new LoadedBlas(BlasOrigin.SYSTEM, mapped, Optional.empty(), netlib, false);
  }

  private static LoadedBlas pureJava(Optional<String> why) {
    for (String netlib : NETLIB) {
      System.setProperty(netlib + ".allowNative", "false");
    }
    why.ifPresent(reason -> System.err.println("htsr: warning: " + reason
        + "; using netlib's pure-Java BLAS/LAPACK, 10-100x slower on big layers (docs/requirements.md)"));
    return new LoadedBlas(BlasOrigin.PURE_JAVA, "netlib pure Java", Optional.empty(), netlibClasses(), false);
  }

  private static String netlibClasses() {
    return "blas=" + BLAS.getInstance().getClass().getSimpleName()
        + " lapack=" + LAPACK.getInstance().getClass().getSimpleName();
  }

  /** The full OpenBLAS (with LAPACK) that JavaCPP loaded, not its BLAS-only sibling. */
  private static Optional<String> bundledFile() {
    return Loader.getLoadedLibraries().values().stream()
        .filter(path -> path != null)
        .filter(path -> {
          String name = Path.of(path).getFileName().toString();
          return name.startsWith("libopenblas.") && !name.contains("nolapack");
        })
        .findFirst();
  }

  private static Optional<Path> findSystemLibrary(String name) {
    List<String> dirs = new ArrayList<>();
    String ld = System.getenv("LD_LIBRARY_PATH");
    if (ld != null) {
      dirs.addAll(List.of(ld.split(":")));
    }
    dirs.addAll(List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/local/lib"));
    return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, name)).filter(Files::exists).findFirst();
  }

  /** BLAS/LAPACK libraries mapped into this process outside {@code bundledDir} (Linux; empty elsewhere). */
  static List<String> otherMappedBlas(Path bundledDir) {
    return mappedLibraries().stream()
        .filter(path -> isBlasName(Path.of(path).getFileName().toString()))
        .filter(path -> !Path.of(path).startsWith(bundledDir))
        .distinct()
        .toList();
  }

  /** Every file mapped into this process (from /proc/self/maps; empty where there is none). */
  static List<String> mappedLibraries() {
    Path maps = Path.of("/proc/self/maps");
    if (!Files.isReadable(maps)) {
      return List.of();
    }
    try (Stream<String> lines = Files.lines(maps)) {
      return lines.map(line -> line.substring(line.lastIndexOf(' ') + 1))
          .filter(path -> path.startsWith("/"))
          .distinct()
          .toList();
    } catch (IOException | UncheckedIOException unreadable) {
      return List.of();
    }
  }

  private static boolean isBlasName(String name) {
    return name.startsWith("libopenblas") || name.startsWith("libblas") || name.startsWith("liblapack") || name.startsWith("libmkl");
  }

  /**
   * The file name of the native BLAS mapped into this process (libopenblas…, libblas…), or "none"
   * ("unknown" where /proc is not available).
   */
  public static String mappedBlasLibrary() {
    if (!Files.isReadable(Path.of("/proc/self/maps"))) {
      return "unknown";
    }
    return mappedLibraries().stream()
        .map(path -> path.substring(path.lastIndexOf('/') + 1))
        .filter(name -> name.startsWith("libopenblas") || name.startsWith("libblas") || name.startsWith("libmkl"))
        .sorted((a, b) -> Boolean.compare(b.startsWith("libopenblas"), a.startsWith("libopenblas")))
        .findFirst()
        .orElse("none");
  }
}
