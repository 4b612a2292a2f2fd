"""Rate limits in one cache round trip (touchpoints.lib.ratelimits): counted per value, over the
rate means limited, a sliding estimate across windows; the same on Redis when one is reachable."""

from __future__ import annotations

import os
from typing import Any
from unittest import mock

import pytest
from django.core.cache import caches
from django.test import override_settings

from touchpoints.lib import ratelimits
from touchpoints.lib.ratelimits import Limit, over_limit, parse_rate


def test_parse_rate() -> None:
    assert parse_rate("30/m") == (30, 60)
    assert parse_rate("10/15m") == (10, 900)
    assert parse_rate("5/h") == (5, 3600)
    with pytest.raises(ValueError):
        parse_rate("lots")


def _hits(n: int, value: str = "a", rate: str = "2/m", at: float = 1_000_020.0) -> list[bool]:
    with mock.patch.object(ratelimits.time, "time", return_value=at):
        return [over_limit([Limit("test", value, rate)]) for _ in range(n)]


def test_counts_per_value_and_limits_over_the_rate() -> None:
    caches["default"].clear()
    assert _hits(3) == [False, False, True]
    assert _hits(1, value="b") == [False]  # another address or link has its own count


def test_previous_window_weighs_in() -> None:
    minute = 1_000_020.0  # a window starts here (a multiple of 60 s)
    caches["default"].clear()
    assert _hits(2, at=minute + 50) == [False, False]  # late in one minute
    # 10 s into the next minute, 5/6 of the last one still counts: 1 + 2 × 5/6 > 2.
    assert _hits(1, at=minute + 70) == [True]
    caches["default"].clear()
    assert _hits(2, at=minute + 50) == [False, False]
    # 50 s into the next minute only 1/6 of it does: 1 + 2 × 1/6 ≤ 2.
    assert _hits(1, at=minute + 110) == [False]


def test_disabled() -> None:
    with override_settings(RATELIMIT_ENABLE=False):
        assert _hits(5, rate="1/m") == [False] * 5


def test_redis_counts_in_one_pipeline(settings: Any) -> None:
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9")
    redis_cache = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    locmem = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    with override_settings(CACHES={"default": locmem, "rl": redis_cache}):
        settings.RATELIMIT_USE_CACHE = "rl"
        try:
            caches["rl"].get("ping")
        except Exception:  # noqa: BLE001
            pytest.skip(f"no Redis at {url}")
        value = os.urandom(8).hex()
        assert _hits(3, value=value) == [False, False, True]
        assert _hits(1, value=value + "x") == [False]
