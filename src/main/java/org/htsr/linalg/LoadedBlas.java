package org.htsr.linalg;

import java.util.Optional;

/**
 * The BLAS/LAPACK this JVM uses.
 *
 * @param origin bundled, system or pure Java
 * @param library the library's name, e.g. "OpenBLAS 0.3.31" or "libopenblasp-r0.3.21.so"
 * @param file the native file netlib and the LAPACKE bindings call, when there is one
 * @param netlib netlib's implementations, e.g. "blas=JNIBLAS lapack=JNILAPACK"
 * @param lapacke whether the two-stage drivers are callable (the bundled library's LAPACKE)
 */
public record LoadedBlas(BlasOrigin origin, String library, Optional<String> file, String netlib, boolean lapacke) {

  /** One line: "OpenBLAS 0.3.31 (bundled: /…/libopenblas.so.0; blas=JNIBLAS lapack=JNILAPACK)". */
  public String describe() {
    return library + " (" + origin.label() + file.map(f -> ": " + f).orElse("") + "; " + netlib + ")";
  }
}
