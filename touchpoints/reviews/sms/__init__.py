"""SMS providers for review requests. ``get_backend()`` builds the one named in
``REVIEWS_SMS_BACKEND`` with the keyword options in ``REVIEWS_SMS_OPTIONS``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

from touchpoints.reviews.sms.base import SmsBackend, SmsError, SmsResult

__all__ = ["SmsBackend", "SmsError", "SmsResult", "get_backend"]


def get_backend(path: str | None = None, **options: Any) -> SmsBackend:
    cls = import_string(path or settings.REVIEWS_SMS_BACKEND)
    return cls(**{**settings.REVIEWS_SMS_OPTIONS, **options})
