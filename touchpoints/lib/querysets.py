"""Helpers for building querysets from optional filters (a list page's form, an API's query)."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)


def filter_given(qs: QuerySet[M], **lookups: Any) -> QuerySet[M]:
    """``qs`` narrowed by each lookup whose value is given (truthy); an empty filter is left out.
    Each lookup is its own ``filter()`` call, as when written one ``if`` at a time."""
    for lookup, value in lookups.items():
        if value:
            qs = qs.filter(**{lookup: value})
    return qs
