package org.htsr.testing;

import java.util.List;
import org.htsr.analysis.LayerPlanner;
import org.htsr.analysis.LayerSelection;
import org.htsr.linalg.DenseMatrix;
import org.htsr.linalg.GramEigenSolver;
import org.htsr.linalg.LayerSpectra;
import org.htsr.linalg.MatrixViews;
import org.htsr.linalg.SpectrumException;
import org.htsr.linalg.SpectrumSolver;
import org.htsr.linalg.SvdSolver;
import org.htsr.model.DType;
import org.htsr.model.LayerSpec;
import org.htsr.model.LayerSpectrum;
import org.htsr.model.TensorInfo;

/**
 * Eigenvalues for tests, computed the way the analysis layer does: {@link LayerPlanner} decides
 * the matrices and their scaling, {@link MatrixViews} cuts them, {@link LayerSpectra} pools the
 * solver's eigenvalues. The SVD route is WeightWatcher's (LAPACK gesdd on W); the Gram route is
 * htsr's fast default, for large synthetic matrices.
 */
public final class Spectra {

  private Spectra() {}

  /** A planned layer and its pooled, ascending eigenvalues. */
  public record Layer(LayerSpec spec, LayerSpectrum spectrum) {
    public double[] eigenvalues() {
      return spectrum.eigenvalues();
    }
  }

  /** The layer WeightWatcher would analyse for a tensor of this shape (dense or pooled conv), by SVD. */
  public static Layer layer(String name, List<Long> shape, double[] rowMajorValues) {
    TensorInfo info = new TensorInfo(name, DType.F32, shape, "memory");
    List<LayerSpec> specs = new LayerPlanner(LayerSelection.defaults()).plan(List.of(info)).specs();
    if (specs.size() != 1) {
      throw new IllegalArgumentException(name + " " + shape + " is not one analysable layer");
    }
    return layer(specs.get(0), rowMajorValues, new SvdSolver());
  }

  /** The layer of {@code spec} from its tensor's values with the given solver. */
  public static Layer layer(LayerSpec spec, double[] rowMajorValues, SpectrumSolver solver) {
    try {
      List<DenseMatrix> matrices = MatrixViews.matrices(spec, rowMajorValues);
      return new Layer(spec, LayerSpectra.compute(matrices, spec.n(), solver));
    } catch (SpectrumException e) {
      throw new IllegalStateException("LAPACK failed on a test matrix: " + e.getMessage(), e);
    }
  }

  /** The ascending eigenvalues of WᵀW for a rows×cols matrix given column-major, by Gram + dsyevd. */
  public static double[] gram(int rows, int cols, double[] columnMajor) {
    return gramSpectrum(rows, cols, columnMajor).eigenvalues();
  }

  /** The spectrum (eigenvalues and rank loss) of one rows×cols matrix given column-major, by Gram + dsyevd. */
  public static LayerSpectrum gramSpectrum(int rows, int cols, double[] columnMajor) {
    try {
      return LayerSpectra.compute(List.of(new DenseMatrix(rows, cols, columnMajor)), Math.max(rows, cols), new GramEigenSolver());
    } catch (SpectrumException e) {
      throw new IllegalStateException("LAPACK failed on a test matrix: " + e.getMessage(), e);
    }
  }
}
