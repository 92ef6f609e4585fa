package org.htsr.model;

import java.util.Locale;
import java.util.Objects;

/**
 * Why a layer, or part of its analysis, could not be computed: one row of the {@code failures}
 * table.
 *
 * @param stage where it failed
 * @param errorClass a stable code (an exception's simple name, or a problem name)
 * @param message what went wrong, naming the tensor and the deciding value
 */
public record LayerFailure(Stage stage, String errorClass, String message) {

  /** The step of the pipeline that failed. */
  public enum Stage {
    READ,
    MATRIX,
    SPECTRUM,
    FIT,
    MP_FIT,
    RANDOMIZE,
    METRICS;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public LayerFailure {
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(errorClass, "errorClass");
    Objects.requireNonNull(message, "message");
  }
}
