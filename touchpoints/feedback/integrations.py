"""Customers' answers as a source of the journey map's experience curve (the hook the journeys app
offers in ``touchpoints.journeys.experience``; audits register theirs the same way).

The hook takes scores on the audits' 0–100 scale; the customers' mean positivity (−2…+2) maps onto
it linearly (0 → 50, the neutral middle), so the map's conversion back to −2…+2 gives the customers'
own mean. Only touchpoints with enough answers to trust (FEEDBACK_MIN_ANSWERS) are scored. Providers
registered earlier win for a touchpoint they score, so audit scores stay first where both exist."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.conf import settings
from django.db.models import Count, Sum

from touchpoints.feedback.models import Response


def customer_experience(*, brand: Any, touchpoint_ids: Collection[int]) -> dict[int, tuple[float, int]]:
    """Touchpoint id → (mean positivity −2…+2, number of answers) for the brand, over all its studies."""
    ids = list(touchpoint_ids)
    if not ids or brand is None:
        return {}
    rows = (
        Response.objects.filter(brand=brand, touchpoint_id__in=ids)
        .order_by()
        .values("touchpoint_id")
        .annotate(n=Count("id"), s=Sum("positivity"))
    )
    return {r["touchpoint_id"]: (r["s"] / r["n"], r["n"]) for r in rows if r["n"]}


def customer_scores(*, brand: Any, touchpoint_ids: Collection[int]) -> dict[int, float]:
    """The experience provider: touchpoint id → 0–100 from the customers' mean positivity."""
    minimum = settings.FEEDBACK_MIN_ANSWERS
    return {
        tp: (mean + 2) * 25.0
        for tp, (mean, n) in customer_experience(brand=brand, touchpoint_ids=touchpoint_ids).items()
        if n >= minimum
    }


def register_experience_provider() -> bool:
    try:
        from touchpoints.journeys.experience import register_experience_provider as register
    except ImportError:
        return False
    register(customer_scores)
    return True
