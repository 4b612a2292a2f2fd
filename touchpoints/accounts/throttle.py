"""Throttles against guessing and flooding: logins, password-reset mails, invitations and API
tokens, each limited per account (or email) and per address.

Counting is django-ratelimit's, through ``touchpoints.lib.ratelimits`` (``usage``: fixed windows in
the ``RATELIMIT_USE_CACHE`` cache — Redis in production, local memory by default); the rates are settings
(``THROTTLE_RATES``, from the environment, e.g. ``THROTTLE_LOGIN_ACCOUNT=10/15m``). A key is one
kind of limit (``login_account``) and one value (the username); values are hashed into the cache
key by the library, so no address or email lands in the cache in clear.

    checks = [Check("login_account", username), Check("login_address", client_ip(request))]
    wait = blocked(request, checks)      # seconds to wait, or 0
    ...
    hit(request, checks)                 # count one more (a failed login, a mail sent)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import ngettext

from touchpoints.lib.ratelimits import usage

DEFAULT_RATES = {
    "login_account": "10/15m",  # failed logins per username
    "login_address": "50/15m",  # failed logins per client address
    "reset_email": "3/h",  # password-reset mails per email address
    "reset_address": "10/h",  # password-reset requests per client address
    "invite_user": "30/h",  # invitations sent per inviting account
    "invite_address": "60/h",  # invitations sent per client address
    "token_address": "30/10m",  # failed bearer-token authentications per client address
}


@dataclass(frozen=True)
class Check:
    kind: str
    value: str


def rate(kind: str) -> str:
    return {**DEFAULT_RATES, **getattr(settings, "THROTTLE_RATES", {})}[kind]


def _usage(request: HttpRequest, check: Check, increment: bool) -> dict | None:
    return usage(request, f"touchpoints.{check.kind}", check.value.lower(), rate(check.kind), increment=increment)


def blocked(request: HttpRequest, checks: list[Check]) -> int:
    """Seconds until every limit reached by these checks has passed; 0 when none is reached."""
    wait = 0
    for check in checks:
        if not check.value:
            continue
        usage = _usage(request, check, increment=False)
        if usage and usage["count"] >= usage["limit"]:
            wait = max(wait, max(1, int(usage["time_left"])))
    return wait


def hit(request: HttpRequest, checks: list[Check]) -> None:
    for check in checks:
        if check.value:
            _usage(request, check, increment=True)


def minutes(seconds: int) -> int:
    return max(1, math.ceil(seconds / 60))


def too_many_message(seconds: int) -> str:
    n = minutes(seconds)
    return ngettext(
        "Too many attempts. Try again in %(n)s minute.", "Too many attempts. Try again in %(n)s minutes.", n
    ) % {"n": n}
