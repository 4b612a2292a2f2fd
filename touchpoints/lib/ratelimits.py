"""Rate limits: every count goes through this module, on django-ratelimit's terms — its rate strings
("count/period", period s, m, h or d, optionally with a count: "10/15m") parsed by it, its cache keys
(hashed: no address, email or link kept in clear), its cache (``RATELIMIT_USE_CACHE``: Redis in
production, local memory otherwise), its client address (``RATELIMIT_IP_META_KEY`` behind a proxy)
and its switch (``RATELIMIT_ENABLE = False`` turns every limit off). Two ways to count:

* :func:`usage` / :func:`over_rate` — django-ratelimit's own counting (``get_usage``: fixed
  windows, one limit at a time, two cache round trips each): logins, password resets, invitations,
  API tokens, the review pages.
* :func:`over_limit` — several limits counted together in **one** cache round trip, for the public
  feedback submission, where throughput matters (about 1,000 submissions a second on one server),
  and a shared journey map's page and downloads: django-ratelimit would take two round trips per
  limit. On Redis the counters go in one pipeline
  (SET NX with expiry, INCR, GET of the previous window); on any other cache through Django's
  ``add``/``incr``/``get``. Each limit counts in windows of its period and weighs the previous
  window by the part of it still within one period (a sliding-window estimate: no burst of twice
  the rate across a window's edge).

    over_limit([Limit("feedback.address", ip, "30/m"), Limit("feedback.link", path, "600/m")])

The rate parser, the key maker and the address are django-ratelimit's helpers (``_split_rate``,
``_make_cache_key``, ``_get_ip``), not part of its documented API: lib/tests/test_ratelimits.py
holds what this module expects of them when the library is upgraded.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest
from django_ratelimit.core import EXPIRATION_FUDGE, _get_ip, _make_cache_key, _split_rate, get_usage

_clients: dict[int, Any] = {}


@dataclass(frozen=True)
class Limit:
    group: str
    value: str
    rate: str


def parse_rate(rate: str) -> tuple[int, int]:
    """(count, period in seconds) of a rate string such as "30/m" or "10/15m"."""
    try:
        return _split_rate(rate.strip())
    except AttributeError:  # no match
        raise ValueError(f"Not a rate: {rate!r}") from None


def client_ip(request: HttpRequest) -> str:
    """The client's address as django-ratelimit sees it (``RATELIMIT_IP_META_KEY`` behind a proxy)."""
    try:
        return str(_get_ip(request))
    except Exception:  # noqa: BLE001 — a missing or malformed address counts under one key
        return "unknown"


def usage(request: HttpRequest, group: str, value: str, rate: str, *, increment: bool) -> dict[str, Any] | None:
    """django-ratelimit's usage of one limit (``count``, ``limit``, ``should_limit``, ``time_left``),
    counting one more when ``increment``; None when limits are off."""
    return get_usage(request, group=group, key=lambda _g, _r: value, rate=rate, increment=increment)


def over_rate(request: HttpRequest, group: str, value: str, rate: str) -> bool:
    """Counts one more on one limit; True when it is now over its rate."""
    found = usage(request, group, value, rate, increment=True)
    return bool(found and found["should_limit"])


def over_limit(limits: Sequence[Limit]) -> bool:
    """Counts one more on each limit; True when any of them is now over its rate."""
    if not getattr(settings, "RATELIMIT_ENABLE", True) or not limits:
        return False
    cache = caches[getattr(settings, "RATELIMIT_USE_CACHE", "default")]
    now = time.time()
    counters = []
    rates = []
    for limit in limits:
        rate = parse_rate(limit.rate)
        period = rate[1]
        window = int(now // period)
        rates.append(rate)
        counters.append(
            (
                _make_cache_key(limit.group, window, rate, limit.value, None),
                _make_cache_key(limit.group, window - 1, rate, limit.value, None),
                period,
            )
        )
    if isinstance(cache, RedisCache):
        hits = _redis_hits(cache, counters)
    else:
        hits = [_generic_hit(cache, key, previous, period) for key, previous, period in counters]
    return any(
        current + before * (1 - (now % period) / period) > count
        for (current, before), (count, period) in zip(hits, rates)
    )


def _redis_hits(cache: RedisCache, counters: list[tuple[str, str, int]]) -> list[tuple[int, int]]:
    client = _clients.get(id(cache._cache))
    if client is None:  # one client per cache (its pool survives forks); building one costs ~40 µs
        client = _clients[id(cache._cache)] = cache._cache.get_client(write=True)
    pipe = client.pipeline(transaction=False)
    for key, previous, period in counters:
        made = cache.make_and_validate_key(key)  # prefix and version, as Django's own get() sees it
        pipe.set(made, 0, ex=2 * period + EXPIRATION_FUDGE, nx=True)
        pipe.incr(made)
        pipe.get(cache.make_and_validate_key(previous))
    replies = pipe.execute()
    return [(int(replies[i + 1]), int(replies[i + 2] or 0)) for i in range(0, len(replies), 3)]


def _generic_hit(cache: BaseCache, key: str, previous: str, period: int) -> tuple[int, int]:
    before = int(cache.get(previous) or 0)
    if cache.add(key, 1, 2 * period + EXPIRATION_FUDGE):
        return 1, before
    try:
        return int(cache.incr(key)), before
    except ValueError:  # expired between add and incr
        cache.add(key, 1, 2 * period + EXPIRATION_FUDGE)
        return 1, before
