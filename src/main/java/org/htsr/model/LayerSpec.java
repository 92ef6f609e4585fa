package org.htsr.model;

import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One unit of analysis, decided from a tensor's header alone: which matrices its values form and
 * how they are scaled. One row of the {@code layers} table comes from one spec.
 *
 * @param layerIndex position of the tensor in the checkpoint's listing (0-based)
 * @param tensor the tensor
 * @param type layer kind inferred from the shape
 * @param layout the axes that form each matrix
 * @param n the larger matrix dimension (WeightWatcher's N)
 * @param m the smaller matrix dimension (M); Q = N/M
 * @param rf number of matrices pooled into this spec's spectrum (kh·kw for pooled conv, 1 per slice)
 * @param slice the single slice analysed, when slices are analysed one by one; empty when pooled
 * @param scale factor each matrix is multiplied by before its spectrum (WeightWatcher's conv
 *     normalisation: 1/√2 pooled, √(rf/2) per slice); eigenvalues scale by its square
 */
public record LayerSpec(
    int layerIndex,
    TensorInfo tensor,
    LayerType type,
    SliceLayout layout,
    long n,
    long m,
    int rf,
    OptionalInt slice,
    double scale)
    implements Serializable {

  public LayerSpec {
    Objects.requireNonNull(tensor, "tensor");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(layout, "layout");
    Objects.requireNonNull(slice, "slice");
    if (m < 1 || n < m || rf < 1 || !(scale > 0)) {
      throw new IllegalArgumentException(
          "bad layer spec for " + tensor.name() + ": N=" + n + " M=" + m + " rf=" + rf + " scale=" + scale);
    }
  }

  /** Q = N/M ≥ 1. */
  public double q() {
    return (double) n / m;
  }

  /** Number of eigenvalues in this spec's spectrum: M·rf. */
  public long numEvals() {
    return m * rf;
  }

  /** Elements read from storage for this spec (the whole tensor, even for one slice). */
  public long elementCount() {
    return tensor.elementCount();
  }

  /**
   * Specs travel from the driver's planner to the executors that analyse them; {@link OptionalInt}
   * is not serializable, so a spec travels as this form (slice −1 = pooled).
   */
  @Serial
  private Object writeReplace() throws ObjectStreamException {
    return new SerialForm(layerIndex, tensor, type, layout, n, m, rf, slice.orElse(-1), scale);
  }

  private record SerialForm(
      int layerIndex, TensorInfo tensor, LayerType type, SliceLayout layout, long n, long m, int rf, int slice, double scale)
      implements Serializable {
    @Serial
    private Object readResolve() throws ObjectStreamException {
      return new LayerSpec(layerIndex, tensor, type, layout, n, m, rf, slice < 0 ? OptionalInt.empty() : OptionalInt.of(slice), scale);
    }
  }
}
