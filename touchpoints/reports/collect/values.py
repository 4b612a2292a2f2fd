"""The small conversions every section of a report's data shares."""

from __future__ import annotations

from typing import Any


def labels(choices: Any, values: Any) -> str:
    """The labels of ``values`` in a choice class, joined with commas (an unknown value as is)."""
    names = dict(choices.choices)
    return ", ".join(str(names.get(v, v)) for v in values or [])


def rounded(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(float(value), digits)
