"""Key drivers: known answers on tiny data, properties, and interval coverage."""

from __future__ import annotations

import numpy as np
import pytest

from touchpoints.analytics.engine.keydrivers import (
    key_drivers,
    key_drivers_by_segment,
    relative_weights,
    shapley_r2,
)

from .impact_sim import repeated, simulate_survey


def _tiny(halo: bool = True) -> tuple[np.ndarray, ...]:
    """Two touchpoints, y = brand + respondent + 2·x0 + 0.5·x1 exactly; respondents rate both brands."""
    rng = np.random.default_rng(3)
    rows = []
    for r in range(40):
        h = rng.normal() if halo else 0.0
        for b in (0, 1):
            x0 = float(np.clip(round(h + rng.normal()), -2, 2))
            x1 = float(np.clip(round(h + rng.normal()), -2, 2))
            y = 5 + (1.0 if b else 0.0) + 3 * h + 2 * x0 + 0.5 * x1
            rows += [(r, b, 0, x0, y), (r, b, 1, x1, y)]
    return tuple(np.array(c) for c in zip(*rows))


def test_known_answer_recovers_exact_slopes_despite_the_halo() -> None:
    resp, brand, tp, x, y = _tiny()
    result = key_drivers(resp, brand, tp, x, y, n_touchpoints=2, min_answers=5)
    effects = [d.effect for d in result.drivers]
    assert effects == pytest.approx([2.0, 0.5], abs=1e-8)
    assert result.identification == "within"
    assert all(d.std_error == pytest.approx(0.0, abs=1e-6) for d in result.drivers)
    # a naive slope (no respondent effects) would be inflated by the halo
    naive = np.polyfit(x[tp == 0], y[tp == 0], 1)[0]
    assert naive > 2.5


def test_one_step_and_removal_what_if_by_hand() -> None:
    resp, brand, tp, x, y = _tiny(halo=False)
    d = key_drivers(resp, brand, tp, x, y, n_touchpoints=2, min_answers=5).drivers[0]
    xs = x[tp == 0]
    assert d.improve_change == pytest.approx(2.0 * np.clip(2 - xs, 0, 1).mean(), abs=1e-8)
    assert d.remove_change == pytest.approx(-2.0 * xs.mean(), abs=1e-8)


def test_not_enough_answers_and_no_answers() -> None:
    resp, brand, tp, x, y = _tiny()
    result = key_drivers(resp, brand, tp, x, y, n_touchpoints=3, min_answers=100)
    assert [d.enough for d in result.drivers] == [False, False, False]
    assert result.drivers[2].answers == 0 and result.drivers[2].effect is None
    empty = key_drivers(
        np.array([]), np.array([]), np.array([], dtype=int), np.array([]), np.array([]), n_touchpoints=4
    )
    assert len(empty.drivers) == 4 and not any(d.enough for d in empty.drivers)
    assert empty.identification == "none"


def test_constant_positivity_is_not_enough() -> None:
    resp, brand, tp, x, y = _tiny()
    x = np.where(tp == 1, 1.0, x)
    result = key_drivers(resp, brand, tp, x, y, n_touchpoints=2, min_answers=5)
    assert result.drivers[0].enough and not result.drivers[1].enough


def test_row_order_does_not_matter() -> None:
    s = simulate_survey(np.random.default_rng(1), touchpoints=6, answers=4000)
    a = key_drivers(s.respondent, s.brand, s.touchpoint, s.positivity, s.likelihood, n_touchpoints=6)
    perm = np.random.default_rng(2).permutation(s.touchpoint.shape[0])
    b = key_drivers(
        s.respondent[perm], s.brand[perm], s.touchpoint[perm], s.positivity[perm], s.likelihood[perm], n_touchpoints=6
    )
    for da, db in zip(a.drivers, b.drivers):
        assert da.effect == pytest.approx(db.effect, abs=1e-9)
        assert da.low == pytest.approx(db.low, abs=1e-9)


def test_relative_weights_of_orthogonal_predictors_are_squared_correlations() -> None:
    rng = np.random.default_rng(4)
    X = rng.normal(size=(5000, 3))
    X -= X.mean(0)
    q, _ = np.linalg.qr(X)
    X = q * np.sqrt(5000)
    y = X @ np.array([0.5, 0.3, 0.1]) + rng.normal(size=5000)
    y -= y.mean()
    w, r2 = relative_weights(X.T @ X, X.T @ y, float(y @ y), 3)
    corr = np.array([np.corrcoef(X[:, j], y)[0, 1] for j in range(3)])
    assert w == pytest.approx(corr**2, abs=1e-9)
    assert r2 == pytest.approx(w.sum()) and (w >= 0).all()


def test_relative_weights_sum_to_r_squared_with_correlated_predictors() -> None:
    rng = np.random.default_rng(5)
    z = rng.normal(size=(3000, 1))
    X = z + rng.normal(size=(3000, 4))
    X -= X.mean(0)
    y = X @ np.array([0.4, 0.2, 0.0, 0.1]) + rng.normal(size=3000)
    y -= y.mean()
    w, r2 = relative_weights(X.T @ X, X.T @ y, float(y @ y), 4)
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    full_r2 = 1 - ((y - X @ beta) ** 2).sum() / (y @ y)
    assert r2 == pytest.approx(full_r2, rel=1e-9) and (w >= -1e-12).all()
    assert int(np.argmax(w)) == 0


def test_by_segment() -> None:
    s = simulate_survey(np.random.default_rng(6), touchpoints=5, answers=6000)
    out = key_drivers_by_segment(
        s.segment, s.respondent, s.brand, s.touchpoint, s.positivity, s.likelihood, n_touchpoints=5
    )
    assert set(out) == {"new", "returning"}
    assert all(r.answers < s.touchpoint.shape[0] for r in out.values())


def test_interval_coverage_over_repeated_simulations() -> None:
    """95% intervals cover the planted slope about 95% of the time (well-specified data)."""
    hits = total = 0
    for s in repeated(simulate_survey, 12, first_seed=100, touchpoints=8, answers=8000, clip=False, interactions=0):
        r = key_drivers(s.respondent, s.brand, s.touchpoint, s.positivity, s.likelihood, n_touchpoints=8)
        for d in r.drivers:
            if d.enough:
                hits += d.low <= s.beta[d.index] <= d.high
                total += 1
    assert total >= 80
    assert 0.88 <= hits / total <= 0.995, hits / total


def test_shapley_r2_by_hand_and_through_the_model() -> None:
    # two predictors: Shapley_1 = ½[R²(1) + (R²(12) − R²(2))], by hand from the subset regressions
    rng = np.random.default_rng(3)
    X = rng.normal(size=(500, 2))
    X[:, 1] += 0.6 * X[:, 0]
    y = 1.0 * X[:, 0] + 0.4 * X[:, 1] + rng.normal(size=500)
    X, y = X - X.mean(0), y - y.mean()

    def r2(cols: list[int]) -> float:
        b, *_ = np.linalg.lstsq(X[:, cols], y, rcond=None)
        return 1 - float(((y - X[:, cols] @ b) ** 2).sum() / (y @ y))

    phi = shapley_r2(X.T @ X, X.T @ y, float(y @ y))
    assert phi[0] == pytest.approx(0.5 * (r2([0]) + r2([0, 1]) - r2([1])), abs=1e-10)
    assert phi.sum() == pytest.approx(r2([0, 1]), abs=1e-10)
    # through the model: up to SHAPLEY_MAX touchpoints, the shares add up to the positivity columns' R²
    sim = simulate_survey(np.random.default_rng(8), touchpoints=6, answers=6000)
    result = key_drivers(sim.respondent, sim.brand, sim.touchpoint, sim.positivity, sim.likelihood, n_touchpoints=6)
    values = [d.shapley_r2 for d in result.drivers]
    assert all(v is not None and v >= 0 for v in values)
    assert sum(v for v in values if v is not None) == pytest.approx(result.r_squared, rel=1e-6)
