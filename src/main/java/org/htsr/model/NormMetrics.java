package org.htsr.model;

/**
 * WeightWatcher's norm metrics of one layer, computed from all its eigenvalues (pooled conv slices
 * after scaling, zeros included). Logarithms are base 10; the norms are squared norms.
 *
 * @param norm Σλ = ‖W‖²_F
 * @param logNorm log10 Σλ
 * @param spectralNorm λmax = ‖W‖²_2
 * @param logSpectralNorm log10 λmax
 * @param stableRank Σλ / λmax
 * @param matrixRank #{λ above the solver's zero threshold}
 * @param rankLoss Σ over matrices of (M − numerical rank)
 * @param weakRankLoss #{λ < 1e-6}
 * @param entropy −Σ pᵢ ln pᵢ / ln r with pᵢ = λᵢ/Σλ + 1e-10, r = matrix_rank + 1e-10
 * @param lambdaMax λmax
 * @param svMax largest singular value
 * @param svMin the largest, over matrices, of each matrix's smallest singular value
 */
public record NormMetrics(
    double norm,
    double logNorm,
    double spectralNorm,
    double logSpectralNorm,
    double stableRank,
    int matrixRank,
    int rankLoss,
    int weakRankLoss,
    double entropy,
    double lambdaMax,
    double svMax,
    double svMin) {}
