package org.htsr.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.htsr.linalg.DenseMatrix;
import org.htsr.linalg.LayerSpectra;
import org.htsr.linalg.MatrixViews;
import org.htsr.linalg.SpectrumException;
import org.htsr.linalg.SpectrumSolver;
import org.htsr.model.LayerSpec;
import org.htsr.model.RandomizedEsd;
import org.htsr.stats.FitException;
import org.htsr.stats.RandomizedEsdMetrics;
import org.htsr.stats.Shuffles;

/**
 * The randomized ESD as the analysis layer is meant to compute it: every matrix of the layer (after
 * conv scaling) shuffled with {@link Shuffles}, solved, pooled; {@link
 * RandomizedEsdMetrics#replicaCount} replicas, then one more shuffle for the distance, all from
 * one seeded stream.
 */
public final class Randomized {

  private Randomized() {}

  public static RandomizedEsd esd(LayerSpec spec, double[] tensorValues, double[] eigenvalues, long seed, SpectrumSolver solver)
      throws FitException {
    SplittableRandom random = new SplittableRandom(seed);
    List<double[]> replicas = new ArrayList<>();
    for (int r = 0; r < RandomizedEsdMetrics.replicaCount(eigenvalues.length); r++) {
      replicas.add(shuffledEigenvalues(spec, tensorValues, random, solver));
    }
    double[] distance = shuffledEigenvalues(spec, tensorValues, random, solver);
    return RandomizedEsdMetrics.compute(eigenvalues, replicas, distance, spec.n(), spec.m(), seed);
  }

  /** The pooled eigenvalues of the layer with each matrix's entries shuffled. */
  public static double[] shuffledEigenvalues(LayerSpec spec, double[] tensorValues, SplittableRandom random, SpectrumSolver solver) {
    List<DenseMatrix> shuffled = new ArrayList<>();
    for (DenseMatrix m : MatrixViews.matrices(spec, tensorValues)) {
      double[] data = m.data().clone();
      Shuffles.shuffle(data, random);
      shuffled.add(new DenseMatrix(m.rows(), m.cols(), data));
    }
    try {
      return LayerSpectra.compute(shuffled, spec.n(), solver).eigenvalues();
    } catch (SpectrumException e) {
      throw new IllegalStateException("LAPACK failed on a shuffled matrix: " + e.getMessage(), e);
    }
  }
}
