"""Expected values of PowerlawPackageFitTest.legacyMatchesPowerlaw15Transcription.

A line-by-line transcription of powerlaw 1.5 (jeffalstott/powerlaw commit 6732699, powerlaw.py)
for Fit(data, xmax=max(data), distribution='power_law'): Power_Law.fit -> Distribution.fit
(scipy.optimize.fmin on -sum(log pdf), pdf = x**-alpha * (alpha-1)*xmin**(alpha-1), 1e-307 when
alpha <= 1 or 0), KS with Distribution.cdf renormalised on [xmin, xmax], Fit.find_xmin with the
masked argmin over unique candidates but the largest. powerlaw 1.5 itself could not be installed
here (no network); SciPy's real fmin is used. Ran with numpy 2.4.6, scipy 1.17.1.

Data: the golden vector of weightwatcher-spec 3.16(a) (64-bit LCG, seed 42), eigenvalues by
numpy.linalg.svd of the float32 matrices cast to float64; conv slices scaled by float32(sqrt(0.5)).
"""
import sys
import numpy as np
from scipy.optimize import fmin


def lcg_fill(count, state):
    out = np.empty(count)
    mask = (1 << 64) - 1
    for i in range(count):
        state = (6364136223846793005 * state + 1442695040888963407) & mask
        u1 = (state >> 11) * 2.0 ** -53
        state = (6364136223846793005 * state + 1442695040888963407) & mask
        u2 = (state >> 11) * 2.0 ** -53
        out[i] = 0.05 * (-1.0 if u1 < 0.5 else 1.0) * ((1 - u2) ** (-1.0 / 3) - 1)
    return out.astype(np.float32), state


def fit_legacy(evals):
    data = np.sort(np.asarray(evals, float))
    data = data[data > 1e-5]
    xmax = float(np.max(data))
    n = float(len(data))
    cdf_all = np.searchsorted(data, data, side='left') / n
    bins, idx = np.unique(data, return_index=True)
    fcdf = cdf_all[idx]
    xmins = bins[:-1]
    ds, alphas, good = [], [], []
    tiny = 10 ** sys.float_info.min_10_exp
    for xmin in xmins:
        d = data[data >= xmin]

        def pdf(alpha):
            if not alpha > 1:
                return np.tile(tiny, len(d))
            lik = d ** -alpha * ((alpha - 1) * xmin ** (alpha - 1))
            lik[lik == 0] = tiny
            return lik

        a0 = 1 + len(d) / np.sum(np.log(d / xmin))
        alpha = fmin(lambda p: -sum(np.log(pdf(p[0]))), a0, full_output=1, disp=False)[0][0]
        ind = bins >= xmin
        b = bins[ind]
        actual = fcdf[ind].copy()
        dropped = actual[0]
        actual -= dropped
        actual /= 1 - dropped
        if alpha > 1:
            big_f = lambda x: 1 - (x / xmin) ** (-alpha + 1)
            norm = 1 - big_f(xmin) - (1 - big_f(xmax))
            theory = (big_f(b) - big_f(xmin)) / norm
        else:
            theory = np.tile(tiny, len(b))
        diff = theory - actual
        ds.append(max(diff.max(), -diff.min()))
        alphas.append(alpha)
        good.append(alpha > 1)
    ds, good = np.array(ds), np.array(good)
    i = np.argmin(ds) if good.all() else np.ma.masked_array(ds, mask=~good).argmin()
    return alphas[i], xmins[i], ds[i], int(np.sum(data >= xmins[i]))


lin, state = lcg_fill(200 * 300, 42)
conv, state = lcg_fill(24 * 16 * 3 * 3, state)
ev_lin = np.sort(np.linalg.svd(lin.reshape(200, 300).astype(np.float64), compute_uv=False) ** 2)
kernel = conv.reshape(24, 16, 3, 3)
ev_conv = np.sort(np.concatenate([
    np.linalg.svd((kernel[:, :, i, j] * np.float32(np.sqrt(0.5))).astype(np.float64), compute_uv=False) ** 2
    for i in range(3) for j in range(3)]))
print('linear', [repr(v) for v in fit_legacy(ev_lin)])
print('conv', [repr(v) for v in fit_legacy(ev_conv)])
