"""API authentication: personal tokens (``Authorization: Bearer tp_…``) or the browser session.

A token is refused once expired; a read-only token is refused (403) on every write; failed token
authentications are counted per client address and, past ``THROTTLE_RATES["token_address"]``,
every bearer request from that address is answered 429 until the window ends."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from touchpoints.accounts import throttle
from touchpoints.accounts.models import ApiToken
from touchpoints.lib.ratelimits import client_ip

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        checks = [throttle.Check("token_address", client_ip(request))]
        wait = throttle.blocked(request, checks)
        if wait:
            raise HttpError(429, throttle.too_many_message(wait))
        row = ApiToken.matching(token).select_related("user").first()
        if row is None or not row.user.is_active or row.expired:
            throttle.hit(request, checks)
            return None
        if row.read_only and request.method not in SAFE_METHODS:
            raise HttpError(403, _("This API token is read-only."))
        now = timezone.now()
        if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.user
        return row.user


api_auth = [TokenAuth(), SessionAuth()]
