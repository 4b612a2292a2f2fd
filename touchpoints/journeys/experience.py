"""Where the experience curve gets audit scores: a small hook other apps register into.

The journey map draws the experience of each step from audit scores when an audit module provides
them, and from the expected experience (−2…+2) the journey's author set before that. The journeys
app knows nothing about audits; the audits app registers a provider, e.g. in its AppConfig.ready::

    from touchpoints.journeys.experience import register_experience_provider

    def latest_scores(*, brand, touchpoint_ids):
        # touchpoint id → the latest audit score of that touchpoint for that brand, normalised 0–100
        return {...}

    register_experience_provider(latest_scores)

A provider is called with keyword arguments ``brand`` (a workspaces.Brand: the journey's brand,
own or competitor) and ``touchpoint_ids`` (the touchpoints of the journey's steps), and returns a
mapping touchpoint id → score on 0–100 (the audits' normalised scale). Touchpoints it has no score
for are simply left out. Several providers may be registered: the first that scores a touchpoint
wins. The map turns 0–100 into −2…+2 with ``chain.percent_to_experience`` (50 is neutral).
It is called once per brand shown on a page, so it should answer for many touchpoints in a
bounded number of queries.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from typing import Any, Protocol


class ExperienceProvider(Protocol):
    def __call__(self, *, brand: Any, touchpoint_ids: Collection[int]) -> Mapping[int, float]: ...


_PROVIDERS: list[ExperienceProvider] = []


def register_experience_provider(provider: ExperienceProvider) -> ExperienceProvider:
    """Adds a provider (once; usable as a decorator)."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def unregister_experience_provider(provider: ExperienceProvider) -> None:
    if provider in _PROVIDERS:
        _PROVIDERS.remove(provider)


def brand_scores(*, brand: Any, touchpoint_ids: Collection[int]) -> dict[int, float]:
    """Touchpoint id → audit score 0–100 for the brand, from every registered provider."""
    ids = set(touchpoint_ids)
    out: dict[int, float] = {}
    if not ids:
        return out
    for provider in list(_PROVIDERS):
        for tp_id, value in (provider(brand=brand, touchpoint_ids=ids) or {}).items():
            if tp_id in ids and tp_id not in out and _is_number(value):
                out[tp_id] = min(100.0, max(0.0, float(value)))
    return out


def experience_scores(journey: Any) -> dict[int, float]:
    """Touchpoint id → audit score 0–100 for the journey's brand and steps ({} with no audits)."""
    ids = list(journey.steps.values_list("touchpoint_id", flat=True))
    return brand_scores(brand=journey.brand, touchpoint_ids=ids)


def _is_number(value: Any) -> bool:
    try:
        return not math.isnan(float(value))
    except (TypeError, ValueError):
        return False


# ---- badges on the map's cards ------------------------------------------------------------------
# Another app may put a small figure on each card (the impact app: how much the touchpoint moves
# the decision). A badge provider is called with ``workspace`` and ``touchpoint_ids`` and returns
# touchpoint id → {"value": 0…1 (the bar's length), "title": the text shown on hover}.

_BADGE_PROVIDERS: list[Any] = []


def register_badge_provider(provider: Any) -> Any:
    if provider not in _BADGE_PROVIDERS:
        _BADGE_PROVIDERS.append(provider)
    return provider


def card_badges(*, workspace: Any, touchpoint_ids: Collection[int]) -> dict[int, Mapping[str, Any]]:
    out: dict[int, Mapping[str, Any]] = {}
    ids = set(touchpoint_ids)
    for provider in list(_BADGE_PROVIDERS):
        for tp_id, badge in (provider(workspace=workspace, touchpoint_ids=ids) or {}).items():
            out.setdefault(tp_id, badge)
    return out
