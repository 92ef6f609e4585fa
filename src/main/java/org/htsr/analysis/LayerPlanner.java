package org.htsr.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.htsr.linalg.MatrixViews;
import org.htsr.model.LayerSpec;
import org.htsr.model.LayerType;
import org.htsr.model.SliceLayout;
import org.htsr.model.TensorInfo;

/**
 * Decides, from headers alone, which tensors are layers and how each becomes matrices — the one
 * place where this is decided (readers only decode bytes).
 *
 * <ul>
 *   <li>2-D: one matrix, as stored.
 *   <li>4-D: a conv kernel; PyTorch (out,in,kh,kw) when s0+s1 ≥ s2+s3, else TensorFlow
 *       (kh,kw,in,out), WeightWatcher's rule. kh·kw slices; pooled with each slice scaled by 1/√2
 *       (eigenvalues halved), or one row per slice scaled by √(kh·kw/2) — WeightWatcher's
 *       conv2d_norm.
 *   <li>3-D: a stack of matrices along the smallest axis (the last one on ties): conv1d
 *       (out,in,k) gives k slices of out×in, an LSTM (dirs,4h,in) gives dirs slices. WeightWatcher
 *       cannot analyse these and has no scaling convention for them, so they are not scaled.
 * </ul>
 */
public final class LayerPlanner {

  private static final double POOLED_CONV_SCALE = Math.sqrt(0.5);

  private final LayerSelection selection;

  public LayerPlanner(LayerSelection selection) {
    this.selection = selection;
  }

  /** The plan for a checkpoint's tensors, in listing order. */
  public LayerPlan plan(List<TensorInfo> tensors) {
    List<LayerSpec> specs = new ArrayList<>();
    List<SkippedTensor> skipped = new ArrayList<>();
    for (int index = 0; index < tensors.size(); index++) {
      TensorInfo tensor = tensors.get(index);
      String reason = planTensor(index, tensor, specs);
      if (reason != null) {
        skipped.add(new SkippedTensor(tensor.name(), reason));
      }
    }
    return new LayerPlan(specs, skipped);
  }

  /** Adds the specs of one tensor, or returns why it is not analysed. */
  private String planTensor(int index, TensorInfo tensor, List<LayerSpec> out) {
    if (!tensor.dtype().isAnalysable()) {
      return "dtype " + tensor.dtype() + " is not analysed";
    }
    int rank = tensor.rank();
    if (rank < 2 || rank > 4) {
      return rank + "-D tensors are not layers";
    }
    if (tensor.shape().contains(0L)) {
      return "empty tensor " + tensor.shape();
    }
    LayerType type = typeOf(tensor);
    SliceLayout layout = layoutOf(tensor, type);
    long rows = tensor.dim(layout.rowAxis());
    long cols = tensor.dim(layout.colAxis());
    long n = Math.max(rows, cols);
    long m = Math.min(rows, cols);
    long slices = MatrixViews.sliceCount(tensor.shape(), layout);
    if (slices > Integer.MAX_VALUE || rows > Integer.MAX_VALUE || cols > Integer.MAX_VALUE) {
      return "shape " + tensor.shape() + " is beyond any matrix htsr can form";
    }
    boolean perSlice = selection.pooling() == Pooling.PER_SLICE && slices > 1;
    long evals = perSlice ? m : Math.multiplyExact(m, slices);
    String limit = violatedLimit(n, evals);
    if (limit != null) {
      return limit;
    }
    if (perSlice) {
      double scale = type == LayerType.CONV2D ? Math.sqrt(slices / 2.0) : 1.0;
      for (int s = 0; s < slices; s++) {
        out.add(new LayerSpec(index, tensor, type, layout, n, m, 1, OptionalInt.of(s), scale));
      }
    } else {
      double scale = type == LayerType.CONV2D ? POOLED_CONV_SCALE : 1.0;
      out.add(new LayerSpec(index, tensor, type, layout, n, m, (int) slices, OptionalInt.empty(), scale));
    }
    return null;
  }

  private String violatedLimit(long n, long evals) {
    if (evals < selection.minEvals()) {
      return evals + " eigenvalues < min evals " + selection.minEvals();
    }
    if (selection.maxEvals().isPresent() && evals > selection.maxEvals().getAsLong()) {
      return evals + " eigenvalues > max evals " + selection.maxEvals().getAsLong();
    }
    if (selection.maxN().isPresent() && n > selection.maxN().getAsLong()) {
      return "N=" + n + " > max N " + selection.maxN().getAsLong();
    }
    return null;
  }

  static LayerType typeOf(TensorInfo tensor) {
    return switch (tensor.rank()) {
      case 2 -> LayerType.DENSE;
      case 4 -> LayerType.CONV2D;
      default -> smallestAxis(tensor) == 2 ? LayerType.CONV1D : LayerType.STACKED;
    };
  }

  static SliceLayout layoutOf(TensorInfo tensor, LayerType type) {
    return switch (type) {
      case DENSE -> new SliceLayout(0, 1);
      case CONV2D -> tensor.dim(0) + tensor.dim(1) >= tensor.dim(2) + tensor.dim(3)
          ? new SliceLayout(0, 1)
          : new SliceLayout(2, 3);
      case CONV1D, STACKED -> {
        int stackAxis = smallestAxis(tensor);
        int a = stackAxis == 0 ? 1 : 0;
        int b = stackAxis == 2 ? 1 : 2;
        yield new SliceLayout(a, b);
      }
    };
  }

  /** The smallest axis of a 3-D tensor, the last one on ties. */
  private static int smallestAxis(TensorInfo tensor) {
    int best = 2;
    for (int axis = 1; axis >= 0; axis--) {
      if (tensor.dim(axis) < tensor.dim(best)) {
        best = axis;
      }
    }
    return best;
  }
}
