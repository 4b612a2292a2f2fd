"""Counterfactual, model-based attribution: the conversions lost if a touchpoint were removed.

Fitted on the distinct paths the engines aggregate (DuckDB or Spark: the same
:class:`~.paths.PathCounts`), on the driver, in NumPy/SciPy:

1. Each distinct path becomes the *set* of channels it touched; identical sets are merged
   (their journeys and conversions add up).
2. A logistic regression of a journey's chance to convert on the presence of each channel,
   logit P(convert | S) = a + Σ_{c ∈ S} β_c, weighted by the journeys of each set (binomial
   likelihood), with an L2 penalty λ/2·‖β‖² (not on the intercept; λ = 1 by default, i.e. a
   N(0, 1) prior on each log-odds effect, negligible beside thousands of journeys). Fitted by
   Newton's method (iteratively reweighted least squares, with step halving) on a sparse design
   matrix; the Hessian is only (channels + 1)², so each step is one sparse product and a small
   Cholesky solve (L-BFGS from scipy.optimize if a step cannot be solved).
3. The credit of channel c is the expected conversions lost when c is removed from every
   journey: L_c = Σ_j [P(convert | S_j) − P(convert | S_j \\ c)] over the journeys that touched c.
   A journey whose only channel was c would not exist without it: P(convert | ∅) = 0 (the
   convention of the Markov removal effect, where such journeys go to "null").
4. Intervals: the delta method on L_c with the inverse Hessian as the covariance of the fitted
   coefficients (analytic, ``level`` 95% by default); the bootstrap of the analysis (Poisson
   weights on the distinct paths) refits the model per replicate from the fitted coefficients.

L_c can be negative (a channel whose journeys convert less) and the L_c do not add up to the
total conversions (removing a channel from a journey that also converts through others loses
less than a conversion; interactions make the losses overlap). For the attribution table, the
positive losses are shared out over the total conversions (and the value in the same
proportions); if no loss is positive (the model cannot tell the channels apart) each conversion
is split equally over the distinct channels of its journey.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy import linalg, optimize, special, stats

from .attribution import Attribution
from .paths import FloatArray, IntArray, PathCounts, distinct_sets, unique_inverse

DEFAULT_L2 = 1.0


@dataclass
class SetCounts:
    """Distinct channel sets (CSR) with the journeys and conversions of the paths behind them."""

    n_channels: int
    offsets: IntArray
    members: IntArray
    journeys: FloatArray
    conversions: FloatArray


@dataclass
class CounterfactualResult:
    lost: FloatArray  # expected conversions lost per channel (L_c)
    low: FloatArray  # delta-method interval of L_c
    high: FloatArray
    std_error: FloatArray
    coefficients: FloatArray  # β_c, log-odds
    intercept: float
    theta: FloatArray  # intercept then coefficients (a warm start for the bootstrap)
    attribution: Attribution  # conversions and value shared out (non-negative, add up)
    conversions: float  # total conversions
    expected: float  # Σ_j P(convert | S_j) under the model
    iterations: int
    level: float = 0.95


def _set_groups(paths: PathCounts) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    """Each path's channel set (CSR), and for each path the index of its group of identical sets
    (a 64-bit hash of the set, checked by a second one; on a collision no sets are merged)."""
    n = paths.n_channels
    set_offsets, set_members = distinct_sets(paths.offsets, paths.members, n)
    sizes = np.diff(set_offsets)
    m = sizes.shape[0]
    if m == 0:
        return set_offsets, set_members, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    rng = np.random.default_rng(0x5EED)
    h1 = rng.integers(1, 2**63 - 1, size=max(n, 1), dtype=np.int64).astype(np.uint64)
    h2 = rng.integers(1, 2**63 - 1, size=max(n, 1), dtype=np.int64).astype(np.uint64)
    acc1 = np.zeros(m, dtype=np.uint64)
    acc2 = np.zeros(m, dtype=np.uint64)
    nonempty = sizes > 0
    if set_members.size:
        with np.errstate(over="ignore"):
            acc1[nonempty] = np.add.reduceat(h1[set_members], set_offsets[:-1][nonempty])
            acc2[nonempty] = np.add.reduceat(h2[set_members], set_offsets[:-1][nonempty])
            acc1 += sizes.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    _, first, inverse = unique_inverse(acc1.view(np.int64))
    if not np.array_equal(acc2[first][inverse], acc2):
        ident = np.arange(m, dtype=np.int64)
        return set_offsets, set_members, ident, ident
    return set_offsets, set_members, inverse, first


def channel_sets(paths: PathCounts) -> SetCounts:
    """Merge paths with the same set of channels (their journeys and conversions add up)."""
    set_offsets, set_members, inverse, first = _set_groups(paths)
    m = first.shape[0]
    j = np.bincount(inverse, weights=paths.journeys.astype(np.float64), minlength=m)
    c = np.bincount(inverse, weights=paths.conversions.astype(np.float64), minlength=m)
    lens = np.diff(set_offsets)[first]
    offsets = np.zeros(m + 1, dtype=np.int64)
    np.cumsum(lens, out=offsets[1:])
    gather = np.repeat(set_offsets[:-1][first] - offsets[:-1], lens) + np.arange(int(offsets[-1]), dtype=np.int64)
    return SetCounts(paths.n_channels, offsets, set_members[gather], j.astype(np.float64), c.astype(np.float64))


def _design(sets: SetCounts) -> sp.csr_matrix:
    m = sets.journeys.shape[0]
    indptr = sets.offsets + np.arange(m + 1, dtype=np.int64)
    indices = np.empty(int(indptr[-1]), dtype=np.int64)
    data = np.ones(indices.shape[0])
    starts = indptr[:-1]
    indices[starts] = 0  # intercept
    body = np.ones(indices.shape[0], dtype=bool)
    body[starts] = False
    indices[body] = sets.members + 1
    return sp.csr_matrix((data, indices, indptr), shape=(m, sets.n_channels + 1))


class Pairs:
    """The pairs (a ≤ b) of channels that share a set, so that X'WX and the delta-method Jacobian
    are a few weighted bincounts (a set has a handful of channels; a sparse-sparse product would
    build its sparse output every time)."""

    def __init__(self, sets: SetCounts) -> None:
        n = sets.n_channels
        lens = np.diff(sets.offsets)
        set_of = np.repeat(np.arange(lens.shape[0], dtype=np.int64), lens)
        position = np.arange(set_of.shape[0], dtype=np.int64) - sets.offsets[:-1][set_of]
        reps = lens[set_of] - position  # pairs with this member first: itself and those after it
        u = np.repeat(np.arange(set_of.shape[0], dtype=np.int64), reps)
        v = u + (np.arange(u.shape[0], dtype=np.int64) - np.repeat(np.cumsum(reps) - reps, reps))
        self.n = n
        self.set_of = set_of
        self.members = sets.members
        self.u, self.v = u, v
        self.pair_set = set_of[u]
        self.cu, self.cv = sets.members[u], sets.members[v]
        self.gram_keys = self.cu * n + self.cv  # computed once: the fit calls gram() every step

    def gram(self, w: FloatArray) -> FloatArray:
        """X'WX for the design [intercept, channel presence] of the sets, weights w per set."""
        n, p = self.n, self.n + 1
        upper = np.bincount(self.gram_keys, weights=w[self.pair_set], minlength=n * n).reshape(n, n)
        H = np.empty((p, p))
        H[1:, 1:] = upper + upper.T - np.diag(np.diag(upper))
        H[0, 0] = w.sum()
        H[0, 1:] = H[1:, 0] = np.bincount(self.members, weights=w[self.set_of], minlength=n)
        return H

    def jacobian(self, a: FloatArray) -> FloatArray:
        """J[c, ·] = Σ over the members (set, c) of a[member] times the set's design row."""
        n, p = self.n, self.n + 1
        # channels' block: the (c_u, c_v) pairs weighted by a[u] plus their mirror weighted by a[v]
        # (the diagonal pairs counted once), i.e. upper(a[u]) + lower(a[v]) on the gram's keys
        upper = np.bincount(self.gram_keys, weights=a[self.u], minlength=n * n).reshape(n, n)
        lower = np.bincount(self.gram_keys, weights=a[self.v], minlength=n * n).reshape(n, n)
        J = np.empty((n, p))
        J[:, 0] = np.bincount(self.members, weights=a, minlength=n)
        J[:, 1:] = upper + lower.T - np.diag(np.diag(lower))
        return J


def fit_logistic(
    X: sp.csr_matrix,
    trials: FloatArray,
    successes: FloatArray,
    l2: float = DEFAULT_L2,
    start: FloatArray | None = None,
    tol: float = 1e-10,
    max_iter: int = 50,
    pairs: Pairs | None = None,
) -> tuple[FloatArray, int]:
    """Penalised binomial logistic regression by Newton's method (iteratively reweighted least
    squares) with step halving; the penalised log-likelihood is concave, so each accepted step
    raises it. Falls back to L-BFGS if a Newton system cannot be solved. Returns (θ, iterations)."""
    p = X.shape[1]
    penalty = np.full(p, l2)
    penalty[0] = 0.0
    XT = X.T.tocsr()

    def loss_of(theta: FloatArray, eta: FloatArray) -> float:
        return float((trials * np.logaddexp(0.0, eta) - successes * eta).sum() + 0.5 * (penalty * theta * theta).sum())

    theta = np.zeros(p) if start is None else start.copy()
    if start is None and trials.sum() > 0:
        rate = min(max(successes.sum() / trials.sum(), 1e-6), 1 - 1e-6)
        theta[0] = np.log(rate / (1 - rate))
    eta = X @ theta
    loss = loss_of(theta, eta)
    scale = max(float(trials.sum()), 1.0)
    for iteration in range(1, max_iter + 1):
        prob = special.expit(eta)
        grad = XT @ (trials * prob - successes) + penalty * theta
        w = trials * prob * (1.0 - prob)
        H = pairs.gram(w) if pairs is not None else (XT @ sp.diags(w) @ X).toarray()
        H[np.diag_indices_from(H)] += penalty + 1e-12 * scale
        try:
            step = linalg.solve(H, grad, assume_a="pos")
        except (linalg.LinAlgError, ValueError):
            return _fit_lbfgs(X, XT, trials, successes, penalty, theta), iteration
        t = 1.0
        while True:
            candidate = theta - t * step
            eta_c = X @ candidate
            loss_c = loss_of(candidate, eta_c)
            if loss_c <= loss + 1e-12 * abs(loss) or t < 1e-6:
                break
            t /= 2.0
        theta, eta = candidate, eta_c
        decrease = loss - loss_c
        loss = loss_c
        if float(grad @ step) < tol * scale * 1e-3 or decrease <= tol * max(abs(loss), 1.0):
            return theta, iteration
    return theta, max_iter


def _fit_lbfgs(
    X: sp.csr_matrix,
    XT: sp.csr_matrix,
    trials: FloatArray,
    successes: FloatArray,
    penalty: FloatArray,
    theta0: FloatArray,
) -> FloatArray:
    scale = 1.0 / max(float(trials.sum()), 1.0)

    def objective(theta: FloatArray) -> tuple[float, FloatArray]:
        eta = X @ theta
        loss = float((trials * np.logaddexp(0.0, eta) - successes * eta).sum() + 0.5 * (penalty * theta * theta).sum())
        grad = XT @ (trials * special.expit(eta) - successes) + penalty * theta
        return loss * scale, grad * scale

    res = optimize.minimize(
        objective,
        theta0,
        jac=True,
        method="L-BFGS-B",
        options={"maxiter": 5000, "gtol": 1e-10, "ftol": 1e-15, "maxcor": 20},
    )
    return np.asarray(res.x)


def hessian(X: sp.csr_matrix, trials: FloatArray, theta: FloatArray, penalty: FloatArray) -> FloatArray:
    p = special.expit(X @ theta)
    w = trials * p * (1.0 - p)
    H = (X.T @ sp.diags(w) @ X).toarray()
    H[np.diag_indices_from(H)] += penalty
    return H


def _losses(sets: SetCounts, theta: FloatArray) -> tuple[IntArray, FloatArray, FloatArray, FloatArray]:
    """Per member of each set: (set index, p of the set, q without the member, weight)."""
    sizes = np.diff(sets.offsets)
    set_of = np.repeat(np.arange(sizes.shape[0], dtype=np.int64), sizes)
    eta = theta[0] + np.bincount(set_of, weights=theta[1:][sets.members], minlength=sizes.shape[0])
    p = special.expit(eta)
    q = special.expit(eta[set_of] - theta[1:][sets.members])
    q[sizes[set_of] == 1] = 0.0  # nothing left: the journey would not exist
    return set_of, p, q, sets.journeys[set_of]


def counterfactual_lost(sets: SetCounts, theta: FloatArray) -> FloatArray:
    set_of, p, q, n = _losses(sets, theta)
    return np.bincount(sets.members, weights=n * (p[set_of] - q), minlength=sets.n_channels).astype(np.float64)


def share_out(lost: FloatArray, paths: PathCounts) -> Attribution:
    """Positive losses shared over the total conversions (value in the same proportions)."""
    total_c, total_v = paths.total_conversions, paths.total_value
    positive = np.clip(lost, 0.0, None)
    s = float(positive.sum())
    if s > 1e-12 * max(total_c, 1.0):
        share = positive / s
    else:  # the model cannot tell the channels apart: split each conversion over its channels
        set_offsets, set_members = distinct_sets(paths.offsets, paths.members, paths.n_channels)
        sizes = np.diff(set_offsets)
        per = np.repeat(paths.conversions / np.maximum(sizes, 1), sizes)
        credit = np.bincount(set_members, weights=per, minlength=paths.n_channels).astype(np.float64)
        share = credit / credit.sum() if credit.sum() > 0 else np.zeros(paths.n_channels)
    return share * total_c, share * total_v


def counterfactual_model(
    paths: PathCounts,
    *,
    l2: float = DEFAULT_L2,
    level: float = 0.95,
    intervals: bool = True,
) -> CounterfactualResult:
    n = paths.n_channels
    sets = channel_sets(paths)
    total = float(sets.conversions.sum())
    if n == 0 or total <= 0:
        zeros = np.zeros(n)
        return CounterfactualResult(
            zeros,
            zeros.copy(),
            zeros.copy(),
            zeros.copy(),
            zeros.copy(),
            0.0,
            np.zeros(n + 1),
            (zeros.copy(), zeros.copy()),
            total,
            0.0,
            0,
            level,
        )
    X = _design(sets)
    pairs = Pairs(sets)
    theta, iterations = fit_logistic(X, sets.journeys, sets.conversions, l2, pairs=pairs)
    lost = counterfactual_lost(sets, theta)
    se = np.zeros(n)
    if intervals:
        se = np.sqrt(np.clip(_delta_variance(sets, X, theta, l2, pairs), 0.0, None))
    z = float(stats.norm.ppf(0.5 + level / 2.0))
    expected = float((sets.journeys * special.expit(X @ theta)).sum())
    return CounterfactualResult(
        lost,
        lost - z * se,
        lost + z * se,
        se,
        theta[1:].copy(),
        float(theta[0]),
        theta,
        share_out(lost, paths),
        total,
        expected,
        iterations,
        level,
    )


def _delta_variance(
    sets: SetCounts, X: sp.csr_matrix, theta: FloatArray, l2: float, pairs: Pairs | None = None
) -> FloatArray:
    """diag(J H⁻¹ J') with J the gradient of every L_c in the coefficients."""
    n = sets.n_channels
    set_of, p, q, w = _losses(sets, theta)
    m = sets.journeys.shape[0]
    pp = p * (1.0 - p)
    qq = q * (1.0 - q)  # 0 where the set had one member
    a = w * (pp[set_of] - qq)  # per member of each set
    penalty = np.full(n + 1, l2)
    penalty[0] = 0.0
    if pairs is None:
        A = sp.csr_matrix((a, (sets.members, set_of)), shape=(n, m))
        J = (A @ X).toarray()
        H = hessian(X, sets.journeys, theta, penalty)
    else:
        J = pairs.jacobian(a)
        prob = special.expit(X @ theta)
        H = pairs.gram(sets.journeys * prob * (1.0 - prob))
        H[np.diag_indices_from(H)] += penalty
    J[np.arange(n), np.arange(n) + 1] += np.bincount(sets.members, weights=w * qq, minlength=n)
    try:
        cho = linalg.cho_factor(H)
        S = linalg.cho_solve(cho, J.T)
    except linalg.LinAlgError:
        S = linalg.pinvh(H) @ J.T
    return np.einsum("ij,ji->i", J, S)


def counterfactual_replicator(
    paths: PathCounts, start: FloatArray | None = None, l2: float = DEFAULT_L2
) -> Callable[[IntArray, IntArray], Attribution]:
    """For the bootstrap: refit on a replicate's counts (warm-started), share out the losses."""
    sets = channel_sets(paths)
    X = _design(sets)
    # map each path to its set, so that the replicate's path counts become set counts
    base = channel_sets_index(paths)

    def replicate(journeys: IntArray, conversions: IntArray) -> Attribution:
        j = np.bincount(base, weights=journeys, minlength=sets.journeys.shape[0]).astype(np.float64)
        c = np.bincount(base, weights=conversions, minlength=sets.journeys.shape[0]).astype(np.float64)
        if c.sum() <= 0:
            return np.zeros(paths.n_channels), np.zeros(paths.n_channels)
        theta, _ = fit_logistic(X, j, c, l2, start=start)
        rep = SetCounts(sets.n_channels, sets.offsets, sets.members, j, c)
        return share_out(counterfactual_lost(rep, theta), paths.with_counts(journeys, conversions))

    return replicate


def channel_sets_index(paths: PathCounts) -> IntArray:
    """For each distinct path, the index of its merged set in ``channel_sets(paths)``."""
    return _set_groups(paths)[2]
