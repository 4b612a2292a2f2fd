"""Secret tokens kept only as a hash (API tokens, calendar feed addresses, report share links):
the raw value is shown once; a request's token is hashed and looked up by its hash. Revoking a
link or feed is for good."""

from __future__ import annotations

import hashlib
from typing import Any

from django.utils import timezone


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def revoke(holder: Any) -> None:
    """Marks a link or feed (a model with ``revoked_at``) revoked from now on; revoking it again
    keeps the first time."""
    if holder.revoked_at is None:
        holder.revoked_at = timezone.now()
        holder.save(update_fields=["revoked_at"])
