from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction

from touchpoints.accounts.models import ApiToken, Profile, hash_token


@transaction.atomic
def user_set_language(*, user: Any, language: str) -> None:
    if language not in {code for code, _ in settings.LANGUAGES}:
        return
    Profile.objects.update_or_create(user=user, defaults={"language": language})


@transaction.atomic
def api_token_create(*, user: Any, name: str) -> tuple[ApiToken, str]:
    """Returns the token row and the raw value, which is shown once and never stored."""
    raw = ApiToken.generate()
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[:10], token_hash=hash_token(raw))
    return token, raw
