from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from touchpoints.accounts.models import ApiToken, Profile


@transaction.atomic
def user_set_language(*, user: Any, language: str) -> None:
    if language not in {code for code, _ in settings.LANGUAGES}:
        return
    Profile.objects.update_or_create(user=user, defaults={"language": language})


@transaction.atomic
def api_token_create(
    *, user: Any, name: str, expires_in_days: int | None = None, read_only: bool = False
) -> tuple[ApiToken, str]:
    """Returns the token row and the raw value, which is shown once and never stored. A token may
    expire (after ``expires_in_days``) and may be read-only (refused on every write)."""
    if expires_in_days is not None and not 1 <= int(expires_in_days) <= 3650:
        raise ValidationError({"expires_in": _("Choose between 1 and 3650 days.")})
    expires_at = timezone.now() + dt.timedelta(days=int(expires_in_days)) if expires_in_days else None
    return ApiToken.issue(user=user, name=name, expires_at=expires_at, read_only=read_only)


def api_tokens_revoke(*, user: Any) -> int:
    """Deletes every API token of the user (their password changed: whoever had it keeps no door)."""
    deleted, _detail = ApiToken.objects.filter(user=user).delete()
    return deleted
