"""Key drivers: how much one step more positive at a touchpoint raises the likelihood to choose.

Pure NumPy/SciPy (no Django). Input: one row per answer — respondent, brand, touchpoint,
positivity (−2 … +2) and likelihood to choose the brand (0 … 10), as integer codes and numbers.
Method (docs/impact.md):

* Answers are grouped into *occasions*, one per (respondent, brand): the likelihood is the
  occasion's (the mean of its rows), and each touchpoint the respondent rated for that brand gives
  two columns — its positivity (0 when not rated) and its presence (1 when rated). So
  likelihood = brand effect + respondent effect + Σ_t (presence_t·δ_t + positivity_t·β_t) + noise,
  and β_t is the touchpoint's key-driver effect (likelihood points per step of positivity).
* Respondent effects (the halo: a respondent who likes a brand rates all its touchpoints well)
  are removed by demeaning within each respondent who answered about several brands, so β_t is
  identified by comparing one respondent's brands. A respondent with one occasion carries no such
  comparison: when at least half of the occasions come from respondents with several, the
  one-occasion respondents are left out (``identification="within"``); otherwise they are kept
  and the effect is identified between respondents, assuming a respondent's general disposition is
  unrelated to their ratings (``"between"`` or ``"mixed"``). Brand effects are fixed effects.
* A halo about one brand (a respondent who likes it rates all its touchpoints well) differs
  between a respondent's brands and survives the respondent effects; with ``halo`` (the default)
  the slopes are corrected for it under a one-factor halo model (``keydrivers_halo``), or left as
  they are where the data cannot estimate it.
* Standard errors are cluster-robust by respondent (Liang & Zeger 1986; the CR1 small-sample
  factor), intervals use Student's t with (respondents − 1) degrees of freedom.
* A touchpoint with fewer than ``min_answers`` occasions in the estimation sample, or without
  variation of its positivity there, is reported as "not enough answers" and left out of the model.
* Relative importance: Johnson's (2000) relative weights of the positivity columns after the
  brand, respondent and presence terms are partialled out (shares of the variance explained, not
  corrected for the halo); they are non-negative and sum to the
  R² of the positivity columns; ``importance_share`` is each weight over their sum.

Everything is computed from sufficient statistics (sparse cross-products and per-respondent sums),
so a million answers over a hundred touchpoints take about a second.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from math import factorial

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy import linalg, stats

from .keydrivers_halo import Design, halo_fit

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

MIN_ANSWERS = 30
TOP_POSITIVITY = 2.0
SHAPLEY_MAX = 12  # touchpoints up to which the exact Shapley decomposition of R² is given (2^k fits)


@dataclass
class TouchpointDriver:
    index: int  # the touchpoint's code in the input
    answers: int  # occasions in the estimation sample that rated it
    enough: bool  # False: "not enough answers" — the figures below are None
    effect: float | None = None  # likelihood points per step of positivity (β_t)
    std_error: float | None = None
    low: float | None = None
    high: float | None = None
    presence_effect: float | None = None  # δ_t: the shift of having met it at neutral positivity
    importance: float | None = None  # relative weight (part of R²)
    importance_share: float | None = None  # relative weight / sum of relative weights
    shapley_r2: float | None = None  # Shapley value of R² (general dominance); None beyond SHAPLEY_MAX
    mean_positivity: float | None = None
    # what if: mean change of the likelihood over the occasions that met it
    improve_change: float | None = None  # one step more positive (capped at +2)
    improve_low: float | None = None
    improve_high: float | None = None
    remove_change: float | None = None  # never met
    remove_low: float | None = None
    remove_high: float | None = None


@dataclass
class KeyDriverResult:
    drivers: list[TouchpointDriver]
    answers: int  # rows in
    occasions: int  # (respondent, brand) pairs used
    respondents: int  # clusters used
    brands: int
    identification: str  # within | between | mixed | none
    r_squared: float | None  # of the positivity columns, within respondents (relative weights' total)
    level: float = 0.95
    notes: list[str] = field(default_factory=list)
    # the occasion halo's estimated pull c on the slopes (keydrivers_halo); None: not estimated
    halo_shift: float | None = None
    halo_shift_se: float | None = None
    # covariance of the effects, touchpoint × touchpoint (rows and columns of "not enough" are 0)
    covariance: FloatArray | None = None

    def by_index(self) -> dict[int, TouchpointDriver]:
        return {d.index: d for d in self.drivers}


def _codes(values: np.ndarray) -> tuple[np.ndarray, IntArray]:
    uniq, inverse = np.unique(values, return_inverse=True)
    return uniq, inverse.astype(np.int64).ravel()


def key_drivers(
    respondent: np.ndarray,
    brand: np.ndarray,
    touchpoint: np.ndarray,
    positivity: np.ndarray,
    likelihood: np.ndarray,
    *,
    n_touchpoints: int | None = None,
    min_answers: int = MIN_ANSWERS,
    level: float = 0.95,
    presence: bool = True,
    halo: bool = True,
) -> KeyDriverResult:
    """Key-driver effects per touchpoint code (0 … n_touchpoints − 1); see the module docstring."""
    touchpoint = np.asarray(touchpoint, dtype=np.int64)
    positivity = np.asarray(positivity, dtype=np.float64)
    likelihood = np.asarray(likelihood, dtype=np.float64)
    n_rows = int(touchpoint.shape[0])
    T = int(n_touchpoints if n_touchpoints is not None else (touchpoint.max() + 1 if n_rows else 0))
    empty = KeyDriverResult([TouchpointDriver(t, 0, False) for t in range(T)], n_rows, 0, 0, 0, "none", None, level)
    if n_rows == 0 or T == 0:
        return empty
    _, resp = _codes(np.asarray(respondent))
    _, br = _codes(np.asarray(brand))
    B = int(br.max()) + 1
    _, occ = _codes(resp * B + br)
    n_occ = int(occ.max()) + 1
    occ_resp = np.zeros(n_occ, dtype=np.int64)
    occ_resp[occ] = resp
    occ_brand = np.zeros(n_occ, dtype=np.int64)
    occ_brand[occ] = br
    y = np.bincount(occ, weights=likelihood, minlength=n_occ) / np.bincount(occ, minlength=n_occ)

    # one cell per (occasion, touchpoint): the mean positivity of its answers
    cell_key, cell = _codes(occ * T + touchpoint)
    cell_x = np.bincount(cell, weights=positivity) / np.bincount(cell)
    cell_occ, cell_tp = cell_key // T, cell_key % T

    # which respondents compare brands, and the identification rule
    occ_per_resp = np.bincount(occ_resp)
    multi = occ_per_resp[occ_resp] >= 2
    within_share = float(multi.mean())
    if within_share >= 0.5:
        use_occ, identification = multi, "within"
    else:
        use_occ = np.ones(n_occ, dtype=bool)
        identification = "between" if within_share == 0 else "mixed"
    keep_cell = use_occ[cell_occ]
    answers = np.bincount(cell_tp[keep_cell], minlength=T)
    # positivity must vary within the sample (and within respondents when that identifies it)
    kx, kt = cell_x[keep_cell], cell_tp[keep_cell]
    mean_t = np.bincount(kt, weights=kx, minlength=T) / np.maximum(answers, 1)
    var_t = np.bincount(kt, weights=kx * kx, minlength=T) / np.maximum(answers, 1) - mean_t**2
    enough = (answers >= min_answers) & (var_t > 1e-9)
    eligible = np.flatnonzero(enough)
    k = eligible.shape[0]
    drivers = [TouchpointDriver(int(t), int(answers[t]), False) for t in range(T)]
    if k == 0:
        empty.drivers, empty.identification = drivers, identification
        return empty

    # re-number the occasions and respondents in the sample
    occ_new = np.full(n_occ, -1, dtype=np.int64)
    occ_new[use_occ] = np.arange(int(use_occ.sum()))
    N = int(use_occ.sum())
    y = y[use_occ]
    _, g = _codes(occ_resp[use_occ])
    G = int(g.max()) + 1
    brand_s = occ_brand[use_occ]
    col_of_tp = np.full(T, -1, dtype=np.int64)
    col_of_tp[eligible] = np.arange(k)
    sel = keep_cell & (col_of_tp[cell_tp] >= 0)
    rows_c, cols_c, xs_c = occ_new[cell_occ[sel]], col_of_tp[cell_tp[sel]], cell_x[sel]

    # columns: positivity (k), presence (k), brands 1.. (B−1), intercept when some rows are not demeaned
    size = np.bincount(g, minlength=G)
    demeaned = size[g] >= 2
    has_single = bool((~demeaned).any())
    brand_rows = np.flatnonzero(brand_s > 0)
    kp = k if presence else 0  # presence columns
    r_idx = [rows_c, rows_c, brand_rows]
    c_idx = [cols_c, cols_c + k, k + kp + brand_s[brand_rows] - 1]
    vals = [xs_c, np.ones(rows_c.shape[0]), np.ones(brand_rows.shape[0])]
    if not presence:
        r_idx, c_idx, vals = r_idx[::2], c_idx[::2], vals[::2]
    p = k + kp + B - 1
    if has_single:
        r_idx.append(np.arange(N))
        c_idx.append(np.full(N, p))
        vals.append(np.ones(N))
        p += 1
    X = sp.csr_matrix((np.concatenate(vals), (np.concatenate(r_idx), np.concatenate(c_idx))), shape=(N, p))

    # within transformation through sufficient statistics: X̃'X̃ = X'X − Σ_g M_g M_g' / n_g
    Gm = sp.csr_matrix((demeaned.astype(np.float64), (g, np.arange(N))), shape=(G, N))
    Ms = sp.csr_matrix(Gm @ X)  # per-respondent sums of the columns (sparse: few touchpoints each)
    inv_n = 1.0 / np.maximum(size, 1)
    sy = Gm @ y
    XtX = (X.T @ X).toarray() - (Ms.T @ sp.diags(inv_n) @ Ms).toarray()
    Xty = X.T @ y - Ms.T @ (sy * inv_n)
    yty = float(y @ y - (sy * sy * inv_n).sum())
    vals, vecs = linalg.eigh(XtX)
    tol = 1e-9 * max(1.0, float(np.abs(vals).max()))
    inv_vals = np.where(vals > tol, 1.0 / np.where(vals > tol, vals, 1.0), 0.0)
    H_inv = (vecs * inv_vals) @ vecs.T
    rank = int((vals > tol).sum())
    beta = H_inv @ Xty
    resid = y - X @ beta
    resid -= Gm.T @ ((Gm @ resid) * inv_n)
    scores = sp.csr_matrix(sp.csr_matrix((resid, (g, np.arange(N))), shape=(G, N)) @ X)  # cluster score sums
    meat = (scores.T @ scores).toarray()
    correction = (G / max(G - 1, 1)) * ((N - 1) / max(N - rank, 1))
    V = correction * (H_inv @ meat @ H_inv)
    fit = (
        halo_fit(Design(X, y, g, Gm, Ms, inv_n, demeaned, H_inv, beta, k, rows_c, cols_c, xs_c, brand_s))
        if halo
        else None
    )
    if fit is not None:
        beta, V = fit.beta, correction * fit.meat
    t_crit = float(stats.t.ppf(0.5 + level / 2.0, max(G - 1, 1)))

    weights, r2 = relative_weights(XtX, Xty, yty, k)
    shapley = shapley_r2(*_partialled(XtX, Xty, yty, k)) if k <= SHAPLEY_MAX else None
    # one step more positive: +1 for answers up to +1, less for those already near the top
    step_t = np.bincount(cols_c, weights=np.clip(TOP_POSITIVITY - xs_c, 0.0, 1.0), minlength=k) / np.maximum(
        np.bincount(cols_c, minlength=k), 1
    )
    total_w = float(weights.sum())
    for j, t in enumerate(eligible):
        b, d = float(beta[j]), float(beta[k + j]) if presence else 0.0
        se = float(np.sqrt(max(V[j, j], 0.0)))
        mean_x, step = float(mean_t[t]), float(step_t[j])
        rem = -(d + b * mean_x)
        rem_var = (
            (V[k + j, k + j] + mean_x**2 * V[j, j] + 2 * mean_x * V[j, k + j]) if presence else mean_x**2 * V[j, j]
        )
        rem_se = float(np.sqrt(max(rem_var, 0.0)))
        drivers[int(t)] = TouchpointDriver(
            index=int(t),
            answers=int(answers[t]),
            enough=True,
            effect=b,
            std_error=se,
            low=b - t_crit * se,
            high=b + t_crit * se,
            presence_effect=d,
            importance=float(weights[j]),
            importance_share=float(weights[j] / total_w) if total_w > 0 else 0.0,
            shapley_r2=float(shapley[j]) if shapley is not None else None,
            mean_positivity=mean_x,
            improve_change=b * step,
            improve_low=(b - t_crit * se) * step,
            improve_high=(b + t_crit * se) * step,
            remove_change=rem,
            remove_low=rem - t_crit * rem_se,
            remove_high=rem + t_crit * rem_se,
        )
    notes = []
    if identification != "within":
        notes.append("between")
    result = KeyDriverResult(drivers, n_rows, N, G, B, identification, r2, level, notes)
    if fit is not None:
        result.halo_shift, result.halo_shift_se = fit.shift, fit.shift_se
    result.covariance = np.zeros((T, T))
    result.covariance[np.ix_(eligible, eligible)] = V[:k, :k]
    return result


def _partialled(XtX: FloatArray, Xty: FloatArray, yty: float, k: int) -> tuple[FloatArray, FloatArray, float]:
    """Cross-products of the first ``k`` columns and y after the other columns are partialled out
    (Frisch–Waugh–Lovell)."""
    A = XtX[:k, :k]
    a_y = Xty[:k]
    yy = yty
    if XtX.shape[0] > k:
        Z = XtX[k:, k:]
        Zi = linalg.pinvh(Z)
        C = XtX[:k, k:]
        A = A - C @ Zi @ C.T
        a_y = a_y - C @ Zi @ Xty[k:]
        yy = yy - float(Xty[k:] @ Zi @ Xty[k:])
    return A, a_y, yy


def shapley_r2(A: FloatArray, a_y: FloatArray, yy: float) -> FloatArray:
    """Shapley decomposition of R² (Lipovetsky & Conklin 2001; Budescu's 1993 general dominance)
    from cross-products: each column's gain in R² when it joins a subset of the others, averaged
    with the Shapley weights |S|!(k−|S|−1)!/k! over all 2^k subsets (exact; for at most
    ``SHAPLEY_MAX`` columns). Non-negative gains, sum to the full R²."""
    k = A.shape[0]
    if k == 0 or yy <= 0:
        return np.zeros(k)
    if k > SHAPLEY_MAX:
        raise ValueError(f"exact Shapley decomposition of R² is limited to {SHAPLEY_MAX} columns")
    A = A + 1e-12 * max(float(np.trace(A)), 1.0) * np.eye(k)
    masks = np.arange(1 << k)
    r2 = np.zeros(1 << k)
    for mask in masks[1:]:
        cols = [j for j in range(k) if mask >> j & 1]
        sub = a_y[cols]
        r2[mask] = float(sub @ linalg.solve(A[np.ix_(cols, cols)], sub, assume_a="pos")) / yy
    size = np.array([bin(int(m)).count("1") for m in masks])
    weight = np.array([factorial(n) * factorial(k - n - 1) / factorial(k) for n in range(k)])
    out = np.zeros(k)
    for j in range(k):
        without = masks[(masks >> j & 1) == 0]
        out[j] = float((weight[size[without]] * (r2[without | (1 << j)] - r2[without])).sum())
    return out


def relative_weights(XtX: FloatArray, Xty: FloatArray, yty: float, k: int) -> tuple[FloatArray, float]:
    """Johnson's (2000) relative weights of the first ``k`` columns, after the other columns are
    partialled out (Frisch–Waugh–Lovell on the cross-products). Returns (weights, R²)."""
    A, a_y, yy = _partialled(XtX, Xty, yty, k)
    sd = np.sqrt(np.clip(np.diag(A), 1e-300, None))
    if yy <= 0:
        return np.zeros(k), 0.0
    R = A / np.outer(sd, sd)
    r = a_y / (sd * np.sqrt(yy))
    vals, vecs = linalg.eigh(R)
    vals = np.clip(vals, 0.0, None)
    half = (vecs * np.sqrt(vals)) @ vecs.T  # Λ = R^{1/2}: the correlations of X with its orthogonal twin Z
    beta_z = linalg.pinvh(half) @ r  # y on Z
    weights = (half**2) @ (beta_z**2)
    return weights, float(weights.sum())


def key_drivers_by_segment(
    segment: np.ndarray,
    respondent: np.ndarray,
    brand: np.ndarray,
    touchpoint: np.ndarray,
    positivity: np.ndarray,
    likelihood: np.ndarray,
    *,
    n_touchpoints: int,
    min_answers: int = MIN_ANSWERS,
    level: float = 0.95,
    halo: bool = True,
) -> dict[str, KeyDriverResult]:
    """The same model on each segment's answers (empty segment names are skipped)."""
    segment = np.asarray(segment, dtype=object)
    out: dict[str, KeyDriverResult] = {}
    for name in sorted({str(s) for s in segment if s}):
        m = segment == name
        out[name] = key_drivers(
            np.asarray(respondent)[m],
            np.asarray(brand)[m],
            np.asarray(touchpoint)[m],
            np.asarray(positivity)[m],
            np.asarray(likelihood)[m],
            n_touchpoints=n_touchpoints,
            min_answers=min_answers,
            level=level,
            halo=halo,
        )
    return out
