"""The lean path of a public submission, in front of Django's WSGI handler (``touchpoints.wsgi``).

A valid answer posted to a study's link (``POST /s/<token>/`` or a deep link
``/s/<token>/<brand>/<touchpoint>/``) is the one request that must scale: a campaign can bring
thousands a second. It needs none of what Django's middleware does for a staff page (session,
user, messages, CSRF — the form is protected by its signed per-form key —, templates), so this
path answers it with the same rules the view applies (``submissions``: form key, honeypot, rate
limits, validation) and the same single INSERT (``services.answer_store``), then the 303 to the
thank-you page with the headers Django would send. The answer is committed before the redirect.

Anything else — another method or path, a form with an error, a closed study, a post over the
rate limit, an unexpected host, an exception — goes to Django untouched (the body is replayed),
and the view answers it as it always has: the respondent sees the same pages either way. A post
already counted against the rate limits here carries ``LIMIT_MARK`` so that it is not counted
twice.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any, cast

from django.conf import settings
from django.core.handlers.wsgi import get_script_name
from django.core.signals import setting_changed
from django.db import close_old_connections
from django.http import HttpRequest, QueryDict
from django.http.request import split_domain_port, validate_host
from django.utils import timezone

from touchpoints.feedback import services
from touchpoints.feedback.selectors import study_snapshot
from touchpoints.feedback.submissions import LIMIT_MARK, is_bot, limited, read_submission, thanks_location
from touchpoints.lib.ratelimits import client_ip

log = logging.getLogger(__name__)

Environ = dict[str, Any]
WSGIApp = Callable[[Environ, Callable[..., Any]], Iterable[bytes]]

_PATH = re.compile(r"/s/([A-Za-z0-9_-]{1,32})/(?:([0-9]{1,18})/([0-9]{1,18})/)?")
MAX_BODY = 32 * 1024  # a full form with the longest comment fits; anything bigger goes to Django
_good_hosts: set[str] = set()


class SubmissionFastPath:
    """WSGI middleware: stores a valid public submission itself, hands every other request to ``app``."""

    def __init__(self, app: WSGIApp) -> None:
        self.app = app

    def __call__(self, environ: Environ, start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") == "POST":
            match = _PATH.fullmatch(environ.get("PATH_INFO", ""))
            if match is not None and _is_plain_form(environ.get("CONTENT_TYPE", "")):
                close_old_connections()  # as Django does around a request (persistent connections)
                try:
                    headers = _submit(environ, match)
                except Exception:  # the view will answer (the form key keeps a retried answer single)
                    log.exception("Lean submit path failed; handing the request to Django")
                    headers = None
                finally:
                    close_old_connections()
                if headers is not None:
                    start_response("303 See Other", headers)
                    return [b""]
        return self.app(environ, start_response)


def _submit(environ: Environ, match: re.Match[str]) -> list[tuple[str, str]] | None:
    """The redirect's headers once the answer is stored (or a bot thanked); None to let Django answer."""
    secure = _is_secure(environ)
    if (settings.SECURE_SSL_REDIRECT and not secure) or not _host_allowed(environ):
        return None
    body = _read_body(environ)
    if body is None:
        return None
    token, brand, touchpoint = match.groups()
    snap = study_snapshot(token)
    if snap is None or snap.availability(timezone.now()) != "open":
        return None
    brand_id = int(brand) if brand else None
    touchpoint_id = int(touchpoint) if touchpoint else None
    if brand_id is not None and (brand_id not in snap.brand_ids() or touchpoint_id not in snap.touchpoint_ids()):
        return None
    post = QueryDict(body, encoding=settings.DEFAULT_CHARSET)
    path = get_script_name(environ).rstrip("/") + environ["PATH_INFO"]  # as Django's request.path
    over = limited(client_ip(cast(HttpRequest, _MetaOnly(environ))), path)
    environ[LIMIT_MARK] = "limited" if over else "counted"
    if over:
        return None
    lang = snap.pick_language(post.get("lang"), environ.get("HTTP_ACCEPT_LANGUAGE"))
    if not is_bot(post):
        sub = read_submission(snap, post, brand_id, touchpoint_id)
        if sub.answer is None:
            return None
        services.answer_store(study=snap, answer=sub.answer, language=lang, idempotency_key=sub.key)
    return [
        ("Content-Type", "text/html; charset=utf-8"),
        ("Location", thanks_location(path, lang)),
        ("Content-Length", "0"),
        ("Vary", "Accept-Language, Cookie"),
        ("Content-Language", lang),
        *_security_headers(secure),
    ]


class _MetaOnly:
    """All the client-address lookup reads of a request."""

    def __init__(self, environ: Environ) -> None:
        self.META = environ


def _is_plain_form(content_type: str) -> bool:
    kind, _sep, params = content_type.partition(";")
    return kind.strip().lower() == "application/x-www-form-urlencoded" and (
        "charset" not in params.lower() or "utf-8" in params.lower()
    )


def _read_body(environ: Environ) -> bytes | None:
    try:
        length = int(environ.get("CONTENT_LENGTH") or "")
    except ValueError:
        return None
    if not 0 < length <= MAX_BODY:
        return None
    body = environ["wsgi.input"].read(length)
    environ["wsgi.input"] = io.BytesIO(body)  # Django reads it again if it has to answer
    return body if len(body) == length else None


def _is_secure(environ: Environ) -> bool:
    """As ``HttpRequest.is_secure`` (``SECURE_PROXY_SSL_HEADER`` behind a proxy)."""
    if settings.SECURE_PROXY_SSL_HEADER:
        header, secure_value = settings.SECURE_PROXY_SSL_HEADER
        value = environ.get(header)
        if value is not None:
            return str(value).split(",", 1)[0].strip() == secure_value
    return environ.get("wsgi.url_scheme") == "https"


def _host_allowed(environ: Environ) -> bool:
    """As ``HttpRequest.get_host``'s check against ALLOWED_HOSTS; proxied hosts are left to Django."""
    if settings.USE_X_FORWARDED_HOST and "HTTP_X_FORWARDED_HOST" in environ:
        return False
    host = environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME', '')}:{environ.get('SERVER_PORT', '')}"
    if host in _good_hosts:
        return True
    allowed = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed:
        allowed = [".localhost", "127.0.0.1", "[::1]"]
    domain, _port = split_domain_port(host)
    if not domain or not validate_host(domain, allowed):
        return False
    if len(_good_hosts) < 64:
        _good_hosts.add(host)
    return True


@lru_cache(maxsize=2)
def _security_headers(secure: bool) -> tuple[tuple[str, str], ...]:
    """The headers SecurityMiddleware and CSPMiddleware add to a redirect, from the same settings."""
    from csp.utils import build_policy

    headers: list[tuple[str, str]] = []
    for name, policy in (
        ("Content-Security-Policy", build_policy()),
        ("Content-Security-Policy-Report-Only", build_policy(report_only=True)),
    ):
        if policy:
            headers.append((name, policy))
    if secure and settings.SECURE_HSTS_SECONDS:
        hsts = f"max-age={settings.SECURE_HSTS_SECONDS}"
        if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
            hsts += "; includeSubDomains"
        if settings.SECURE_HSTS_PRELOAD:
            hsts += "; preload"
        headers.append(("Strict-Transport-Security", hsts))
    if settings.SECURE_CONTENT_TYPE_NOSNIFF:
        headers.append(("X-Content-Type-Options", "nosniff"))
    policy = settings.SECURE_REFERRER_POLICY
    if policy:
        values = policy.split(",") if isinstance(policy, str) else policy
        headers.append(("Referrer-Policy", ",".join(v.strip() for v in values)))
    if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
        headers.append(("Cross-Origin-Opener-Policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY))
    return tuple(headers)


def _settings_changed(**_kwargs: Any) -> None:
    _security_headers.cache_clear()
    _good_hosts.clear()


setting_changed.connect(_settings_changed)
