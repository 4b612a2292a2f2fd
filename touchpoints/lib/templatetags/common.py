"""Filters every app's templates share (``{% load common %}``): ``day`` writes a date kept as text
(a report's snapshot, an analysis run's summary) as the reader writes dates; ``get_item`` reads a
mapping by a key held in a variable; ``grouped`` writes a count with the reader's thousands
separator."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils.formats import date_format

from touchpoints.lib.i18n import grouped as grouped_count

register = template.Library()


@register.filter
def day(value: Any) -> str:
    """The day of a stored ISO date or timestamp, written as the reader writes dates (01.03.2024 in
    Russian); text that is not one is shown as it is."""
    text = str(value or "")[:10]
    try:
        return date_format(dt.date.fromisoformat(text), "SHORT_DATE_FORMAT")
    except ValueError:
        return text


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """``mapping[key]``, or None when there is no such key or no mapping."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def grouped(value: Any) -> str:
    """A count with the reader's thousands separator (5 194 in Russian); "" for no count. In a
    plural text: ``{% blocktranslate count n=x with shown=x|grouped %}{{ shown }} …``."""
    if value is None or value == "":
        return ""
    return grouped_count(value)
