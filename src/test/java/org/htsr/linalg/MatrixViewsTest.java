package org.htsr.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.OptionalInt;
import org.htsr.model.DType;
import org.htsr.model.LayerSpec;
import org.htsr.model.LayerType;
import org.htsr.model.SliceLayout;
import org.htsr.model.TensorInfo;
import org.junit.jupiter.api.Test;

class MatrixViewsTest {

  @Test
  void aDenseTensorIsWrappedWithoutCopying() {
    double[] v = {1, 2, 3, 4, 5, 6};
    LayerSpec spec = spec(List.of(2L, 3L), new SliceLayout(0, 1), 1, OptionalInt.empty(), 1.0);
    DenseMatrix m = MatrixViews.matrices(spec, v).get(0);
    assertSame(v, m.data());
    // row-major 2×3 read as column-major 3×2: the transpose
    assertEquals(3, m.rows());
    assertEquals(2, m.cols());
  }

  @Test
  void pyTorchConvSlicesAreOutByInPerKernelPosition() {
    // (out=2, in=3, kh=1, kw=2): value = 100·o + 10·i + kw
    double[] v = new double[12];
    for (int o = 0; o < 2; o++) {
      for (int i = 0; i < 3; i++) {
        for (int k = 0; k < 2; k++) {
          v[((o * 3) + i) * 2 + k] = 100 * o + 10 * i + k;
        }
      }
    }
    LayerSpec spec = spec(List.of(2L, 3L, 1L, 2L), new SliceLayout(0, 1), 2, OptionalInt.empty(), 2.0);
    List<DenseMatrix> slices = MatrixViews.matrices(spec, v);
    assertEquals(2, slices.size());
    for (int k = 0; k < 2; k++) {
      DenseMatrix m = slices.get(k);
      assertEquals(2, m.rows());
      assertEquals(3, m.cols());
      for (int o = 0; o < 2; o++) {
        for (int i = 0; i < 3; i++) {
          assertEquals(2.0 * (100 * o + 10 * i + k), m.data()[o + i * 2]);
        }
      }
    }
  }

  @Test
  void tensorFlowKernelsGiveTheSameSlicesAsPyTorch() {
    // the same kernel stored as (kh=2, kw=1, in=3, out=2)
    double[] torch = new double[12];
    double[] tf = new double[12];
    for (int o = 0; o < 2; o++) {
      for (int i = 0; i < 3; i++) {
        for (int h = 0; h < 2; h++) {
          double value = 100 * o + 10 * i + h;
          torch[((o * 3) + i) * 2 + h] = value; // (out, in, kh, kw=1)
          tf[(h * 3 + i) * 2 + o] = value; // (kh, kw=1, in, out)
        }
      }
    }
    List<DenseMatrix> a = MatrixViews.matrices(spec(List.of(2L, 3L, 2L, 1L), new SliceLayout(0, 1), 2, OptionalInt.empty(), 1.0), torch);
    List<DenseMatrix> b = MatrixViews.matrices(spec(List.of(2L, 1L, 3L, 2L), new SliceLayout(2, 3), 2, OptionalInt.empty(), 1.0), tf);
    for (int s = 0; s < 2; s++) {
      DenseMatrix out = a.get(s);
      DenseMatrix in = b.get(s);
      // torch slice is out×in, TF slice is in×out: transposes of each other
      for (int o = 0; o < 2; o++) {
        for (int i = 0; i < 3; i++) {
          assertEquals(out.data()[o + i * 2], in.data()[i + o * 3]);
        }
      }
    }
  }

  @Test
  void perSliceSpecsTakeOnlyTheirSlice() {
    double[] v = new double[2 * 3 * 2 * 2];
    for (int i = 0; i < v.length; i++) {
      v[i] = i;
    }
    LayerSpec spec = spec(List.of(2L, 3L, 2L, 2L), new SliceLayout(0, 1), 1, OptionalInt.of(3), 1.0);
    List<DenseMatrix> slices = MatrixViews.matrices(spec, v);
    assertEquals(1, slices.size());
    // slice 3 = (kh=1, kw=1): element (o=0,i=0) at flat index 3
    assertEquals(3.0, slices.get(0).data()[0]);
  }

  private static LayerSpec spec(List<Long> shape, SliceLayout layout, int rf, OptionalInt slice, double scale) {
    TensorInfo t = new TensorInfo("t", DType.F32, shape, "mem");
    long r = shape.get(layout.rowAxis());
    long c = shape.get(layout.colAxis());
    LayerType type = shape.size() == 4 ? LayerType.CONV2D : LayerType.DENSE;
    return new LayerSpec(0, t, type, layout, Math.max(r, c), Math.min(r, c), rf, slice, scale);
  }
}
