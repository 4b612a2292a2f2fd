"""Simulated data with a planted truth, for the impact tests and benchmarks/impact.

Two simulators, each with several *shapes* (effect distributions, exposure correlation,
interactions) so that the methods are not tuned to one kind of data:

* :func:`simulate_survey` — respondents rate the touchpoints of several brands; each touchpoint
  moves the likelihood to choose by its own planted slope β_t per step of positivity. Brand
  effects and respondent effects (a halo that raises both the ratings and the likelihood)
  confound a naive regression; popular touchpoints are met together; some pairs interact.
* :func:`simulate_journeys` — journeys through channels; each channel shifts the log-odds of
  converting by its own planted β_c; exposure is correlated (channels in clusters, popular ones
  together), some pairs interact, and every journey has its own unobserved propensity. The truth
  is the expected conversions lost when a channel is removed from every journey under the
  planted model (same journeys, same propensities), computed exactly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np

from touchpoints.analytics.engine.paths import PathCounts

SHAPES = ("uniform", "lognormal", "sparse")
Simulated = TypeVar("Simulated")


def effects(rng: np.random.Generator, n: int, shape: str, scale: float) -> np.ndarray:
    if shape == "uniform":
        e = rng.uniform(0.05, 1.0, n)
    elif shape == "lognormal":
        e = rng.lognormal(0.0, 0.6, n)
        e = e / np.quantile(e, 0.9)
    elif shape == "sparse":  # a few strong, many weak, some near zero
        e = np.where(rng.random(n) < 0.3, rng.uniform(0.4, 1.0, n), rng.uniform(0.0, 0.3, n))
    else:
        raise ValueError(shape)
    return e * scale


def repeated(simulate: Callable[..., Simulated], runs: int, first_seed: int, **options: Any) -> Iterator[Simulated]:
    """The data of a coverage check's runs: ``simulate(rng, shape=..., **options)`` ``runs`` times,
    on generators seeded ``first_seed``, ``first_seed + 1``, …, with the effect shapes in turn."""
    for run in range(runs):
        yield simulate(np.random.default_rng(first_seed + run), shape=SHAPES[run % len(SHAPES)], **options)


@dataclass
class Survey:
    respondent: np.ndarray
    brand: np.ndarray
    touchpoint: np.ndarray
    positivity: np.ndarray
    likelihood: np.ndarray
    segment: np.ndarray
    beta: np.ndarray  # planted effect per step of positivity (with the partner's positivity at 0)
    effect: np.ndarray  # the truth to recover: the average effect of one step more at t, see below
    effect_latent: np.ndarray  # the same without the clipping to 0-10 (β_t plus the interactions)


def simulate_survey(
    rng: np.random.Generator,
    *,
    touchpoints: int,
    answers: int,
    brands: int = 5,
    per_occasion: int = 8,
    shape: str = "uniform",
    halo: float = 1.0,
    correlation: float = 2.0,
    interactions: int = 3,
    noise: float = 1.0,
    brands_per_respondent: tuple[int, int] = (2, 3),
    scale: float = 0.35,
    clip: bool = True,
    occasion_halo: float = 0.0,
    halo_spread: float = 0.0,
    single_brand: float = 0.0,
    noise_kind: str = "normal",
    touchpoint_quality: float = 0.5,
) -> Survey:
    """About ``answers`` answers. Each respondent rates 2–3 brands; at each brand they meet
    ``per_occasion`` touchpoints drawn by popularity, boosted ×(1 + ``correlation``) within one
    cluster of touchpoints (popular ones and related ones come together). Positivity rises with
    the brand's quality and the respondent's halo; the likelihood rises with the brand, the halo,
    Σ β_t·positivity_t and a few interactions, plus noise; rounded and clipped to 0–10 when
    ``clip``.

    Variants (the defaults give the data above, draw for draw):

    * ``occasion_halo`` — the standard deviation of a respondent × brand halo: a respondent who
      likes a brand rates all of that brand's touchpoints better and is more likely to choose it
      (respondent effects do not remove it);
    * ``halo_spread`` — the halo's loading on touchpoint t is 0.6·exp(spread·z_t), z_t ~ N(0, 1),
      so that some touchpoints carry more of the halo than others;
    * ``single_brand`` — the share of respondents who rate one brand only;
    * ``noise_kind`` — "normal", "hetero" (its standard deviation grows with the brand's pull and
      the respondent's halo, mean 1) or "heavy" (Student's t with 3 degrees of freedom, same
      standard deviation);
    * ``touchpoint_quality`` — the standard deviation of a brand's quality at one touchpoint around
      its quality overall (0: each brand equally good at all its touchpoints)."""
    T = touchpoints
    k = min(per_occasion, T)
    beta = effects(rng, T, shape, scale)
    brand_quality = rng.normal(0, 0.6, brands)
    brand_pull = 0.8 * brand_quality + rng.normal(0, 0.5, brands)
    quality = rng.normal(0, touchpoint_quality, (brands, T)) + brand_quality[:, None]
    popularity = rng.dirichlet(np.full(T, 0.7)) + 0.2 / T
    clusters = max(2, T // 8)
    cluster = rng.integers(0, clusters, T)
    lo, hi = brands_per_respondent
    per_resp = rng.integers(lo, hi + 1, answers // (k * (lo + hi) // 2) + 1)
    if single_brand > 0:
        per_resp = np.where(rng.random(per_resp.shape[0]) < single_brand, 1, per_resp)
    resp = np.repeat(np.arange(per_resp.shape[0]), per_resp)
    occ = resp.shape[0]
    # distinct brands per respondent: a random rotation of the brands
    rank_in = np.arange(occ) - np.repeat(np.cumsum(per_resp) - per_resp, per_resp)
    brand = (np.asarray(rng.integers(0, brands, per_resp.shape[0]))[resp] + rank_in) % brands
    h = np.asarray(rng.normal(0, 1, per_resp.shape[0]))[resp]
    occ_cluster = rng.integers(0, clusters, occ)
    weight = np.log(popularity)[None, :] + np.log1p(correlation * (cluster[None, :] == occ_cluster[:, None]))
    gumbel = weight - np.log(-np.log(rng.random((occ, T))))
    tps = np.argpartition(-gumbel, k - 1, axis=1)[:, :k]  # k without replacement, by weight
    loading = np.full(T, 0.6)
    if halo_spread > 0:
        loading = 0.6 * np.exp(halo_spread * rng.normal(0, 1, T))
    g = rng.normal(0, occasion_halo, occ) if occasion_halo > 0 else np.zeros(occ)
    lift = loading[tps] * (h + g)[:, None]
    x = np.clip(np.round(quality[brand[:, None], tps] + lift + rng.normal(0, 0.8, tps.shape)), -2, 2)
    y = 5.0 + brand_pull[brand] + halo * (h + g) + (beta[tps] * x).sum(1) + _noise(rng, noise_kind, noise, occ, h)
    order = np.argsort(-popularity)
    # the change of the latent likelihood when an occasion's positivity at its touchpoints rises by
    # one step: β_t, plus 0.1 × the partner's positivity for a touchpoint in an interacting pair
    slope = np.broadcast_to(beta[tps], tps.shape).copy()
    for i in range(min(interactions, T // 2)):
        a1, a2 = order[2 * i], order[2 * i + 1]
        xa = (x * (tps == a1)).sum(1)
        xb = (x * (tps == a2)).sum(1)
        y = y + 0.1 * xa * xb
        slope += 0.1 * ((tps == a1) * xb[:, None] + (tps == a2) * xa[:, None])
    # truth: the average over the occasions that met t of the expected change of the likelihood
    # (clipped to 0-10 when ``clip``; the rounding is unbiased) for one step more at t
    lifted = np.clip(y[:, None] + slope, 0, 10) - np.clip(y, 0, 10)[:, None] if clip else slope
    met = np.bincount(tps.ravel(), minlength=T)
    effect = np.bincount(tps.ravel(), weights=lifted.ravel(), minlength=T) / np.maximum(met, 1)
    effect_latent = np.bincount(tps.ravel(), weights=slope.ravel(), minlength=T) / np.maximum(met, 1)
    effect = np.where(met > 0, effect, beta)
    effect_latent = np.where(met > 0, effect_latent, beta)
    if clip:
        y = np.clip(np.round(y), 0, 10)
    seg = np.where(resp % 2 == 0, "new", "returning").astype(object)
    return Survey(
        np.repeat(resp, k),
        np.repeat(brand, k),
        tps.ravel().astype(np.int64),
        x.ravel(),
        np.repeat(y, k),
        np.repeat(seg, k),
        beta,
        effect,
        effect_latent,
    )


def _noise(rng: np.random.Generator, kind: str, sd: float, n: int, h: np.ndarray) -> np.ndarray:
    if kind == "normal":
        return rng.normal(0, sd, n)
    if kind == "hetero":  # larger for respondents with a strong disposition either way
        scale = 0.4 + 0.6 * np.abs(h) / 0.8
        return rng.normal(0, sd, n) * scale / np.sqrt(np.mean(scale**2))
    if kind == "heavy":
        return rng.standard_t(3, n) * sd / np.sqrt(3.0)
    raise ValueError(kind)


# variants of simulate_survey a study could plausibly look like (see its docstring)
SURVEY_VARIANTS: dict[str, dict[str, Any]] = {
    "default": {},
    "occasion_halo": {"occasion_halo": 1.0},
    "halo_loadings": {"occasion_halo": 1.0, "halo_spread": 0.5},
    "few_per_occasion": {"per_occasion": 4},
    "many_per_occasion": {"per_occasion": 16},
    "halo_brands_alike": {"occasion_halo": 1.0, "halo_spread": 0.5, "touchpoint_quality": 0.0},
    "single_brand": {"single_brand": 0.4},
    "hetero_noise": {"noise_kind": "hetero", "noise": 1.5},
    "heavy_noise": {"noise_kind": "heavy", "noise": 1.5},
}


@dataclass
class Journeys:
    paths: PathCounts
    beta: np.ndarray
    true_lost: np.ndarray  # expected conversions lost without each channel
    true_probability: np.ndarray  # per distinct path (a journey here), for coverage checks


def simulate_journeys(
    rng: np.random.Generator,
    *,
    channels: int,
    journeys: int,
    shape: str = "uniform",
    correlation: float = 0.6,
    interactions: int = 3,
    heterogeneity: float = 0.5,
    base: float = -3.0,
    mean_length: float = 3.0,
    scale: float = 1.2,
) -> Journeys:
    """One row per journey (PathCounts with journeys = 1); order of touches is random."""
    n = channels
    beta = effects(rng, n, shape, scale)
    popularity = rng.dirichlet(np.full(n, 0.8))
    n_clusters = max(2, n // 6)
    cluster = rng.integers(0, n_clusters, n)
    lengths = np.maximum(1, rng.poisson(mean_length - 1, journeys) + 1)
    total = int(lengths.sum())
    from_cluster = rng.random(total) < correlation
    journey_cluster = rng.integers(0, n_clusters, journeys)
    member_cluster = np.repeat(journey_cluster, lengths)
    # channels of the journey's cluster, weighted by popularity
    by_pop = rng.choice(n, size=total, p=popularity)
    order = np.argsort(cluster, kind="stable")
    starts = np.searchsorted(cluster[order], np.arange(n_clusters))
    ends = np.searchsorted(cluster[order], np.arange(n_clusters), side="right")
    size = ends - starts
    mc = member_cluster
    ok = size[mc] > 0
    pick = starts[mc] + (rng.random(total) * np.maximum(size[mc], 1)).astype(np.int64)
    in_cluster = order[np.minimum(pick, n - 1)]
    members = np.where(from_cluster & ok, in_cluster, by_pop).astype(np.int64)
    offsets = np.zeros(journeys + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    journey_of = np.repeat(np.arange(journeys), lengths)
    # a dense journeys x channels presence: 1M journeys x 100 channels peaks at about 1.2 GB
    presence = np.zeros((journeys, n), dtype=bool) if journeys * n <= 100_000_000 else None
    assert presence is not None, "simulate fewer journeys x channels"
    presence[journey_of, members] = True
    top = np.argsort(-popularity)
    pairs = [(int(top[2 * i]), int(top[2 * i + 1])) for i in range(min(interactions, n // 2))]
    u = rng.normal(0, heterogeneity, journeys)

    def eta_of(pres: np.ndarray) -> np.ndarray:
        e = base + u + pres @ beta
        for a, b in pairs:
            e = e + 0.3 * (pres[:, a] & pres[:, b])
        return e

    eta = eta_of(presence)
    prob = 1 / (1 + np.exp(-eta))
    converted = (rng.random(journeys) < prob).astype(np.int64)
    true_lost = np.zeros(n)
    count = presence.sum(1)
    for c in range(n):
        has = presence[:, c]
        if not has.any():
            continue
        pres = presence[has].copy()
        pres[:, c] = False
        q = 1 / (1 + np.exp(-(eta_of_sub(pres, base, u[has], beta, pairs))))
        q[count[has] == 1] = 0.0
        true_lost[c] = float((prob[has] - q).sum())
    paths = PathCounts(
        n,
        offsets,
        members,
        np.ones(journeys, dtype=np.int64),
        converted,
        converted * 10.0,
        np.zeros(total),
        np.zeros(total),
    )
    return Journeys(paths, beta, true_lost, prob)


def eta_of_sub(
    pres: np.ndarray, base: float, u: np.ndarray, beta: np.ndarray, pairs: list[tuple[int, int]]
) -> np.ndarray:
    e = base + u + pres @ beta
    for a, b in pairs:
        e = e + 0.3 * (pres[:, a] & pres[:, b])
    return e
