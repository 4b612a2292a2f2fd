"""Checks shared by the write services of every app."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def check_fields(fields: Iterable[str], allowed: Iterable[str]) -> None:
    """Refuses an update naming a field the service does not change."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
