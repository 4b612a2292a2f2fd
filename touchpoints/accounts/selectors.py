"""Reads about accounts that other apps need."""

from __future__ import annotations

from typing import Any

from django.conf import settings


def user_language(user: Any) -> str:
    """The language a person reads the app in (their saved choice), for e-mails sent to them."""
    profile = getattr(user, "profile", None)
    return (getattr(profile, "language", "") or settings.LANGUAGE_CODE)[:2]
