"""Key drivers under a respondent × brand halo: the loadings by hand, the correction's recovery of
the planted ranking, interval coverage, and the fall-back where the data cannot estimate it."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from scipy.stats import spearmanr

from touchpoints.analytics.engine.keydrivers import KeyDriverResult, key_drivers
from touchpoints.analytics.engine.keydrivers_halo import halo_loadings

from .impact_sim import SURVEY_VARIANTS, Survey, repeated, simulate_survey


def _fit(s: Survey, touchpoints: int, halo: bool = True) -> KeyDriverResult:
    return key_drivers(
        s.respondent, s.brand, s.touchpoint, s.positivity, s.likelihood, n_touchpoints=touchpoints, halo=halo
    )


def _effects(r: KeyDriverResult) -> np.ndarray:
    return np.array([d.effect if d.enough else np.nan for d in r.drivers])


def test_loadings_of_an_exact_one_factor_pattern() -> None:
    # residual positivity = λ_t · H with H = ±1: every pair's mean cross-product is λ_s·λ_t
    rng = np.random.default_rng(1)
    lam = np.array([0.2, 0.5, 0.9, 1.3, 0.7, 0.4])
    rows, cols = [], []
    for o in range(300):
        picked = rng.choice(6, 4, replace=False)
        rows += [o] * 4
        cols += picked.tolist()
    r, c = np.array(rows), np.array(cols)
    h = rng.choice([-1.0, 1.0], 300)
    fitted = halo_loadings(r, c, lam[c] * h[r], 300, 6)
    assert fitted == pytest.approx(lam, rel=1e-6)


@pytest.mark.parametrize("shape,seed", [("uniform", 0), ("uniform", 1), ("lognormal", 0)])
def test_halo_loadings_by_touchpoint_recovered_at_40_touchpoints(shape: str, seed: int) -> None:
    """A halo that loads more on some touchpoints reorders the least-squares slopes; the correction
    restores the ranking (ρ ≥ 0.95, top ten found) on 400,000 answers."""
    s = simulate_survey(
        np.random.default_rng(1000 * seed + 41),
        touchpoints=40,
        answers=400_000,
        shape=shape,
        **SURVEY_VARIANTS["halo_loadings"],
    )
    corrected, plain = _fit(s, 40), _fit(s, 40, halo=False)
    rho = float(spearmanr(_effects(corrected), s.effect)[0])
    rho_plain = float(spearmanr(_effects(plain), s.effect)[0])
    top = len(set(np.argsort(-_effects(corrected))[:10]) & set(np.argsort(-s.effect)[:10]))
    print(f"\nhalo loadings, {shape} seed {seed}: ρ {rho:.3f} (least squares {rho_plain:.3f}), top10 {top}")
    assert rho >= 0.95 and rho > rho_plain
    assert top >= 8
    assert corrected.halo_shift is not None and corrected.halo_shift_se is not None
    assert corrected.halo_shift / corrected.halo_shift_se > 3  # the halo is found


@pytest.mark.parametrize("variant", ["default", "occasion_halo", "halo_loadings"])
def test_interval_coverage_with_and_without_an_occasion_halo(variant: str) -> None:
    """95% intervals cover the planted slope about 95% of the time (no clipping, no interactions),
    with the halo's uncertain pull in the standard errors; least squares covers none under a halo."""
    hits = plain_hits = total = 0
    for s in repeated(
        simulate_survey,
        16,
        first_seed=100,
        touchpoints=10,
        per_occasion=5,
        answers=40_000,
        clip=False,
        interactions=0,
        **SURVEY_VARIANTS[variant],
    ):
        for d, p in zip(_fit(s, 10).drivers, _fit(s, 10, halo=False).drivers):
            if d.enough and d.low is not None and d.high is not None and p.low is not None and p.high is not None:
                hits += d.low <= s.beta[d.index] <= d.high
                plain_hits += p.low <= s.beta[d.index] <= p.high
                total += 1
    assert total >= 150
    assert 0.88 <= hits / total <= 0.995, hits / total
    if variant != "default":
        assert plain_hits / total < 0.2


def test_without_a_halo_the_correction_stays_near_least_squares() -> None:
    s = simulate_survey(np.random.default_rng(3), touchpoints=12, answers=100_000, shape="lognormal")
    corrected, plain = _fit(s, 12), _fit(s, 12, halo=False)
    assert corrected.halo_shift is not None and corrected.halo_shift_se is not None
    assert abs(corrected.halo_shift / corrected.halo_shift_se) < 3
    for d, p in zip(corrected.drivers, plain.drivers):
        assert d.effect is not None and p.effect is not None and p.std_error is not None
        assert abs(d.effect - p.effect) < 1.5 * p.std_error
        assert d.std_error is not None and d.std_error >= 0.9 * p.std_error


@pytest.mark.parametrize("options", [{"per_occasion": 8}, {"brands": 1, "brands_per_respondent": (1, 1)}])
def test_no_correction_where_the_data_cannot_estimate_it(options: dict[str, Any]) -> None:
    """Every occasion rating every touchpoint (the brand means fall into the brand effects), or one
    brand: the halo's pull is not estimated and the least-squares figures stand."""
    s = simulate_survey(np.random.default_rng(4), touchpoints=8, answers=20_000, occasion_halo=1.0, **options)
    corrected, plain = _fit(s, 8), _fit(s, 8, halo=False)
    assert corrected.halo_shift is None
    assert np.allclose(_effects(corrected), _effects(plain), equal_nan=True)
