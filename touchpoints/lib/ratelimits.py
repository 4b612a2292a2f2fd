"""Rate limits counted in one cache round trip: several limits (per address, per link…) are hit
together in the cache named by ``RATELIMIT_USE_CACHE`` (Redis in production, local memory
otherwise). Each limit counts in windows of its period and weighs the previous window by the part
of it still within one period (a sliding-window estimate: no burst of twice the rate across a
window's edge). On Redis the counters go in one pipeline (SET NX with expiry, INCR, GET of the
previous window); on any other cache through Django's ``add``/``incr``/``get``. Rates are django-ratelimit strings:
"count/period" with period s, m, h or d, optionally with a count ("15m"). ``RATELIMIT_ENABLE =
False`` turns every limit off, as it does for django-ratelimit.

    over_limit([Limit("feedback.address", ip, "30/m"), Limit("feedback.link", path, "600/m")])
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.core.cache.backends.redis import RedisCache

_RATE = re.compile(r"^(\d+)/(\d*)([smhd])?$")
_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_FUDGE = 5  # seconds a counter outlives its window (clock skew between workers)
_clients: dict[int, Any] = {}


@dataclass(frozen=True)
class Limit:
    group: str
    value: str
    rate: str


def parse_rate(rate: str) -> tuple[int, int]:
    """(count, period in seconds) of a rate string such as "30/m" or "10/15m"."""
    match = _RATE.match(rate.strip())
    if match is None:
        raise ValueError(f"Not a rate: {rate!r}")
    count, multiple, unit = match.groups()
    return int(count), _PERIODS[(unit or "s").lower()] * int(multiple or 1)


def _key(limit: Limit, count: int, period: int, window: int) -> str:
    raw = f"{limit.group}|{count}/{period}|{limit.value}|{window}"
    return "rl:" + hashlib.sha256(raw.encode()).hexdigest()  # no address kept in clear


def over_limit(limits: Sequence[Limit]) -> bool:
    """Counts one more on each limit; True when any of them is now over its rate."""
    if not getattr(settings, "RATELIMIT_ENABLE", True) or not limits:
        return False
    cache = caches[getattr(settings, "RATELIMIT_USE_CACHE", "default")]
    now = time.time()
    counters = []
    for limit in limits:
        count, period = parse_rate(limit.rate)
        window = int(now // period)
        counters.append((_key(limit, count, period, window), _key(limit, count, period, window - 1), period))
    if isinstance(cache, RedisCache):
        hits = _redis_hits(cache, counters)
    else:
        hits = [_generic_hit(cache, key, previous, period) for key, previous, period in counters]
    rates = [parse_rate(limit.rate) for limit in limits]
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
        pipe.set(made, 0, ex=2 * period + _FUDGE, nx=True)
        pipe.incr(made)
        pipe.get(cache.make_and_validate_key(previous))
    replies = pipe.execute()
    return [(int(replies[i + 1]), int(replies[i + 2] or 0)) for i in range(0, len(replies), 3)]


def _generic_hit(cache: BaseCache, key: str, previous: str, period: int) -> tuple[int, int]:
    before = int(cache.get(previous) or 0)
    if cache.add(key, 1, 2 * period + _FUDGE):
        return 1, before
    try:
        return int(cache.incr(key)), before
    except ValueError:  # expired between add and incr
        cache.add(key, 1, 2 * period + _FUDGE)
        return 1, before
