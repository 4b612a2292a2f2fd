"""Secret tokens kept only as a hash (API tokens, calendar feed addresses, report share links):
the raw value is shown once; a request's token is hashed and looked up by its hash."""

from __future__ import annotations

import hashlib


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()
