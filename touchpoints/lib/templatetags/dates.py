"""Dates as the reader writes them, for dates kept as text (a report's snapshot, an analysis run's
summary): ``{% load dates %}`` then ``{{ value|day }}``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils.formats import date_format

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
