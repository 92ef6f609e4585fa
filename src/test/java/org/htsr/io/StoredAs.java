package org.htsr.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a fixture file stores the tensors that {@code expected.json} lists in PyTorch's names and
 * layout: under other names (Hugging Face's {@code model.} prefix, Keras's {@code conv1/kernel:0})
 * and, for Keras, transposed to TensorFlow's layout. Tests map back before comparing.
 */
public interface StoredAs {

  String name(String expectedName);

  /** The stored shape of a tensor whose PyTorch shape is {@code shape}. */
  List<Long> shape(List<Long> shape);

  /** The stored values, in the row-major order of the PyTorch layout. */
  double[] inPyTorchOrder(double[] values, List<Long> storedShape);

  StoredAs AS_IS =
      new StoredAs() {
        @Override
        public String name(String expectedName) {
          return expectedName;
        }

        @Override
        public List<Long> shape(List<Long> shape) {
          return shape;
        }

        @Override
        public double[] inPyTorchOrder(double[] values, List<Long> storedShape) {
          return values;
        }
      };

  static StoredAs prefixed(String prefix) {
    return new StoredAs() {
      @Override
      public String name(String expectedName) {
        return prefix + expectedName;
      }

      @Override
      public List<Long> shape(List<Long> shape) {
        return shape;
      }

      @Override
      public double[] inPyTorchOrder(double[] values, List<Long> storedShape) {
        return values;
      }
    };
  }

  /**
   * Keras: {@code keras_names} of expected.json; conv kernels {@code [kh,kw,in,out]} =
   * torch.permute(2,3,1,0), dense kernels {@code [in,out]} = torch.T.
   */
  static StoredAs keras(Map<String, String> names) {
    return new StoredAs() {
      @Override
      public String name(String expectedName) {
        return names.get(expectedName);
      }

      @Override
      public List<Long> shape(List<Long> shape) {
        int[] perm = perm(shape.size());
        List<Long> stored = new ArrayList<>();
        for (int axis : perm) {
          stored.add(shape.get(axis));
        }
        return stored;
      }

      @Override
      public double[] inPyTorchOrder(double[] values, List<Long> storedShape) {
        return unpermute(values, storedShape, perm(storedShape.size()));
      }

      private int[] perm(int rank) {
        return switch (rank) {
          case 4 -> new int[] {2, 3, 1, 0};
          case 2 -> new int[] {1, 0};
          default -> new int[] {0};
        };
      }
    };
  }

  /**
   * Values of {@code stored = original.permute(perm)} (shape {@code storedShape}) back in the
   * original's row-major order.
   */
  static double[] unpermute(double[] values, List<Long> storedShape, int[] perm) {
    int rank = storedShape.size();
    if (rank < 2) {
      return values;
    }
    long[] original = new long[rank];
    for (int k = 0; k < rank; k++) {
      original[perm[k]] = storedShape.get(k);
    }
    long[] storedStrides = new long[rank];
    long step = 1;
    for (int k = rank - 1; k >= 0; k--) {
      storedStrides[k] = step;
      step *= storedShape.get(k);
    }
    double[] out = new double[values.length];
    int[] index = new int[rank]; // index in the original layout
    for (int p = 0; p < values.length; p++) {
      long s = 0;
      for (int k = 0; k < rank; k++) {
        s += index[perm[k]] * storedStrides[k];
      }
      out[p] = values[(int) s];
      for (int a = rank - 1; a >= 0; a--) {
        if (++index[a] < original[a]) {
          break;
        }
        index[a] = 0;
      }
    }
    return out;
  }
}
