package org.htsr.model;

/**
 * A Marchenko–Pastur fit of a layer's ESD: WeightWatcher 0.7.5.5's {@code mp_fit} columns
 * (weightwatcher-spec §3.9) and htsr's robust σ with its Tracy–Widom scale.
 *
 * <p>Units: WeightWatcher fits the eigenvalues rescaled to mean 1, x = W_scale²·λ; {@code sigmaMp},
 * {@code robustSigma} and {@code tracyWidomScale} are in those units, {@code bulkMax} and
 * {@code bulkMin} in the original units of λ.
 *
 * @param sigmaMp WeightWatcher's σ: brute-force grid then Nelder–Mead fit of the MP density (the
 *     quarter-circle law of √x when Q = 1) to a triangular KDE (column {@code sigma_mp})
 * @param bulkMax λ+ = (σ(1 + 1/√Q))² / W_scale², original units ({@code bulk_max})
 * @param bulkMin λ− = (σ(1 − 1/√Q))² / W_scale², original units ({@code bulk_min})
 * @param numSpikes #{x &gt; λ+ + √TW}, TW = Q^(−1/2) λ+^(2/3) M^(−2/3) ({@code num_spikes})
 * @param mpSoftrank λ+ / max x; can exceed 1 ({@code mp_softrank})
 * @param wScale √n / √Σλ, the rescaling to mean 1 ({@code W_scale})
 * @param robustSigma htsr's σ by median matching: σ² = median(x) / m_Q, m_Q the median of
 *     MP(σ² = 1, Q) (paper-anchors §2.1 item 3); rescaled units
 * @param tracyWidomScale s_TW = σ² Q^(−1/2) (1 + Q^(−1/2))^(4/3) M^(−2/3) with the robust σ;
 *     rescaled units (paper-anchors §1.2)
 */
public record MpFit(
    double sigmaMp,
    double bulkMax,
    double bulkMin,
    int numSpikes,
    double mpSoftrank,
    double wScale,
    double robustSigma,
    double tracyWidomScale) {}
