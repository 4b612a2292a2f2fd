"""Where a touchpoint's default criteria come from: its library template's kind, else the kind
its channel suggests, else the built-in general set (data/general_criteria.yaml)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

GENERAL_FILE = Path(__file__).resolve().parent / "data" / "general_criteria.yaml"

# A touchpoint not created from the library has no kind; its channel suggests one. Kinds that
# the library does not (yet) define simply fall through to the general set.
CHANNEL_KIND: dict[str, str] = {
    "website": "website",
    "app": "mobile_app",
    "phone": "call_centre",
    "messenger": "messenger",
    "email": "email",
    "sms": "sms",
    "social": "social",
    "search": "search_listing",
    "advertising": "advertising",
    "reviews": "review_sites",
    "marketplace": "marketplace",
    "print": "print",
    "outdoor": "signage",
    "premises": "premises",
    "people": "staff",
    "product": "product",
    "documents": "documents",
    "post": "delivery",
    "events": "events",
}


@lru_cache(maxsize=1)
def general_criteria() -> dict[str, dict[str, Any]]:
    """code → {"name": {en, ru, es}, "description": {...}, "position": n}, in file order."""
    data = yaml.safe_load(GENERAL_FILE.read_text(encoding="utf-8")) or {}
    return {row["code"]: {**row, "position": pos} for pos, row in enumerate(data.get("criteria", []))}


def kind_for(*, template_kind: str | None, channel: str) -> str | None:
    """The criterion kind of a touchpoint: its template's kind, else its channel's."""
    return template_kind or CHANNEL_KIND.get(channel or "")
