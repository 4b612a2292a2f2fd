"""The occasion halo of the key drivers: a respondent who likes a *brand* rates all of that brand's
touchpoints better and is more likely to choose it. Respondent effects do not remove it (it
differs between one respondent's brands), so the least-squares slopes take a share of it.

One-factor halo model (Thorndike 1920; Dillon, Mulani & Frederick 1984; Wirtz & Bateson 1995):
an occasion's disposition H adds λ_t·H to the positivity at touchpoint t and γ·H to the likelihood.
Then the within-respondent least-squares slopes are off along one known direction,
b − β = c·v with v = (X̃′X̃)⁻¹ a and a_t = λ_t · Σ_{occasions that rated t} (1 − 1/n_r): a halo
that loads more on a touchpoint inflates that touchpoint more, so the ranking changes, not only
the level. The loadings λ_t come from the ratings alone (a rank-one fit to the within-occasion
cross-products of the positivities, after the brand × touchpoint means). The single unknown c
(γ times the halo's variance) is what the ratings cannot tell; it is estimated from variation the
halo does not reach — how each brand's touchpoints are rated on the whole (the brand × touchpoint
mean positivity, a grouping instrument: Wald 1940, Angrist 1991) — by the generalised method of
moments on the k moments E[z̃_t · (likelihood − fitted)] = 0 with one parameter. Where those means
carry no information about c (one brand, or brands rated alike), c is left at 0 and the slopes are
the least-squares ones. The standard errors include the uncertainty of c: the cluster sums of both
score sets enter one sandwich.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy import linalg

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

LOADING_ITERATIONS = 200
MIN_REACH = 1e-6  # correlation of an instrument with the halo direction below which it says nothing


@dataclass
class Design:
    """The within-respondent least-squares fit the halo correction starts from."""

    X: sp.csr_matrix  # occasions × columns; the first k columns are the positivities
    y: FloatArray
    g: IntArray  # respondent (cluster) of each occasion
    Gm: sp.csr_matrix  # respondents × occasions: 1 where the occasion is demeaned
    Mx: sp.csr_matrix  # Gm @ X: per-respondent sums of the columns
    inv_n: FloatArray  # 1 / occasions per respondent
    demeaned: npt.NDArray[np.bool_]
    H_inv: FloatArray  # (X̃′X̃)⁺
    beta: FloatArray
    k: int
    rows: IntArray  # the cells (occasion, positivity column) and their positivities
    cols: IntArray
    xs: FloatArray
    brand: IntArray  # brand of each occasion


@dataclass
class HaloFit:
    beta: FloatArray
    meat: FloatArray  # Σ_g ψ_g ψ_g′: the covariance is the small-sample factor times it
    shift: float  # c
    shift_se: float
    loadings: FloatArray


def halo_loadings(rows: IntArray, cols: IntArray, resid: FloatArray, n: int, k: int) -> FloatArray:
    """λ_t of a one-factor model of the ratings: the rank-one fit λ_s·λ_t to the mean cross-product
    of the residual positivities of every pair of touchpoints rated in one occasion (alternating
    least squares on the k × k sums, weighted by the number of pairs)."""
    R = sp.csr_matrix((resid, (rows, cols)), shape=(n, k))
    P = sp.csr_matrix((np.ones(rows.shape[0]), (rows, cols)), shape=(n, k))
    cross = (R.T @ R).toarray()
    pairs = (P.T @ P).toarray()
    np.fill_diagonal(cross, 0.0)
    np.fill_diagonal(pairs, 0.0)
    mean_cov = float(cross.sum() / max(pairs.sum(), 1.0))
    lam = np.full(k, np.sqrt(max(mean_cov, 1e-12)))
    for _ in range(LOADING_ITERATIONS):  # the geometric mean of old and new damps the scale's flip-flop
        lam = np.sqrt(lam * np.clip((cross @ lam) / np.maximum(pairs @ (lam * lam), 1e-300), 0.0, None))
    return lam


def halo_fit(d: Design) -> HaloFit | None:
    """The least-squares slopes corrected for the occasion halo, or None when the data cannot
    estimate it (then the least-squares fit stands)."""
    N, p = d.X.shape
    k = d.k
    B = int(d.brand.max()) + 1
    if B < 2 or k < 2:
        return None
    key = d.brand[d.rows] * k + d.cols
    count = np.bincount(key, minlength=B * k)
    mean_bt = np.bincount(key, weights=d.xs, minlength=B * k) / np.maximum(count, 1)
    lam = halo_loadings(d.rows, d.cols, d.xs - mean_bt[key], N, k)
    weight = np.where(d.demeaned, 1.0 - d.inv_n[d.g], 1.0)
    a = np.zeros(p)
    a[:k] = lam * np.bincount(d.cols, weights=weight[d.rows], minlength=k)
    v = d.H_inv @ a
    # the instrument: the brand × touchpoint mean positivity where the touchpoint was rated
    Z = sp.csr_matrix((mean_bt[key], (d.rows, d.cols)), shape=(N, k))
    Mz = sp.csr_matrix(d.Gm @ Z)
    ZtX = (Z.T @ d.X).toarray() - (Mz.T @ sp.diags(d.inv_n) @ d.Mx).toarray()
    e = d.y - d.X @ d.beta
    e -= d.Gm.T @ ((d.Gm @ e) * d.inv_n)
    m0 = Z.T @ e  # = Z̃′e: the moments at the least-squares fit
    q = ZtX @ v  # how the moments move with c
    # the instruments must reach the halo direction beyond the model's own columns (correlation scale)
    ztz = np.asarray(Z.multiply(Z).sum(0)).ravel() - np.asarray(Mz.multiply(Mz).T @ d.inv_n).ravel()
    reach = np.abs(q) / np.sqrt(np.maximum(ztz, 1e-300) * max(float(v @ a), 1e-300))
    if not np.isfinite(reach).all() or float(reach.max()) < MIN_REACH:
        return None
    Q = ZtX @ d.H_inv
    # variance of the moments: cluster sums of z̃·e less the part that comes through b
    XZ = sp.hstack([d.X, Z], format="csr")
    omega_inv = linalg.pinvh(_moment_variance(_meat(e, XZ, d), Q))
    info = float(q @ omega_inv @ q)
    if not np.isfinite(info) or info <= 0:
        return None
    omega = omega_inv @ q / info
    shift = -float(omega @ m0)
    beta = d.beta - shift * v
    # sandwich with the corrected residuals u: b − β = H⁺s_x and ĉ − c = −ω′(s_z − Q s_x), so
    # β̂ − β = (H⁺ − v ω′Q) s_x + v ω′ s_z, summed per respondent (s_x = X_g′u_g, s_z = Z_g′u_g)
    u = d.y - d.X @ beta
    u -= d.Gm.T @ ((d.Gm @ u) * d.inv_n)
    mxx, mxz, mzz = _meat(u, XZ, d)
    left_x = d.H_inv - np.outer(v, omega @ Q)
    left_z = np.outer(v, omega)
    cross = left_x @ mxz @ left_z.T
    meat = left_x @ mxx @ left_x.T + cross + cross.T + left_z @ mzz @ left_z.T
    shift_var = float(omega @ _moment_variance((mxx, mxz, mzz), Q) @ omega)
    return HaloFit(beta, meat, shift, float(np.sqrt(max(shift_var, 0.0))), lam)


def _meat(resid: FloatArray, XZ: sp.csr_matrix, d: Design) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Σ_g s s′ over respondents of the score sums s_x = X_g′u_g and s_z = Z_g′u_g (blocks)."""
    G = int(d.g.max()) + 1
    n = resid.shape[0]
    scores = sp.csr_matrix(sp.csr_matrix((resid, (d.g, np.arange(n))), shape=(G, n)) @ XZ).toarray()
    full = scores.T @ scores
    p = d.X.shape[1]
    return full[:p, :p], full[:p, p:], full[p:, p:]


def _moment_variance(meat: tuple[FloatArray, FloatArray, FloatArray], Q: FloatArray) -> FloatArray:
    """Variance of the moments Z̃′e at the least-squares fit: Var(s_z − Q s_x)."""
    mxx, mxz, mzz = meat
    qxz = Q @ mxz
    return mzz - qxz - qxz.T + Q @ mxx @ Q.T
