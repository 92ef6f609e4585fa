package org.htsr.model;

import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The numbers a layer's phase is decided from (paper-anchors §2.1), all stored with the label.
 * Eigenvalues are rescaled to mean 1 (λ̃ = λ/mean λ, WeightWatcher's W_scale²·λ) unless noted.
 *
 * @param n the larger dimension N
 * @param m the smaller dimension M
 * @param q Q = N/M
 * @param numEigenvalues eigenvalues in the ESD (M·rf for pooled conv layers)
 * @param sigmaMp WeightWatcher's MP-fit σ, when an MP fit was made
 * @param sigmaRobust σ by MP-median matching: σ² = median(λ̃)/m_Q
 * @param sigmaBulk σ by matching the 5%…80% quantiles of λ̃ to MP's (least squares through the
 *     origin); the scale of the edges below
 * @param lambdaPlus λ+ = σ²_bulk (1 + 1/√Q)²
 * @param lambdaMinus λ− = σ²_bulk (1 − 1/√Q)²
 * @param tracyWidomScale s_TW = σ²_bulk Q^(−1/2) (1 + Q^(−1/2))^(4/3) M^(−2/3)
 * @param spikeThreshold τ = λ+ + c·s_TW: eigenvalues above it are outliers
 * @param numOutliers K = #{λ̃ &gt; τ}
 * @param numBleeding K_bleed: outliers at most (1 + δ_b)·λ+, contiguous with the edge
 * @param numFar K_far: outliers beyond (1 + δ_b)·λ+
 * @param outlierFraction f_out = K / numEigenvalues
 * @param nearZeroFraction f₀ = #{λ̃ ≤ δ₀·q₇₅(λ̃)} / numEigenvalues (q₇₅ the 75th percentile)
 * @param nearZeroExcess f₀ minus what MP(Q) puts below the same relative level
 * @param rankLoss n₀, the solver's count of numerically zero singular values (WeightWatcher's
 *     rank_loss)
 * @param mpDistance D_MP: KS distance between the empirical CDF of the bulk {λ̃ ≤ λ+} and the MP
 *     CDF with σ_bulk
 * @param mpSoftrank R_mp = λ+ / λ̃max
 * @param shuffleSoftrank R_shuf = (1 + 1/√Q)² / λ̃max: λ+ of the shuffled matrix (σ² = 1 after
 *     rescaling) over λ̃max, no fit needed; ≈ WeightWatcher's ww_softrank
 * @param lambdaMax λmax in the original units
 * @param alpha the power-law fit's α, when a fit was made
 * @param plDistance the power-law fit's KS distance D
 * @param tailSize the power-law fit's n_tail
 */
public record PhaseFeatures(
    long n,
    long m,
    double q,
    int numEigenvalues,
    OptionalDouble sigmaMp,
    double sigmaRobust,
    double sigmaBulk,
    double lambdaPlus,
    double lambdaMinus,
    double tracyWidomScale,
    double spikeThreshold,
    int numOutliers,
    int numBleeding,
    int numFar,
    double outlierFraction,
    double nearZeroFraction,
    double nearZeroExcess,
    int rankLoss,
    double mpDistance,
    double mpSoftrank,
    double shuffleSoftrank,
    double lambdaMax,
    OptionalDouble alpha,
    OptionalDouble plDistance,
    OptionalInt tailSize) {}
