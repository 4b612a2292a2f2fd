"""A task that runs again every so often by itself: after each run it enqueues its next run
deferred by ``every`` seconds, so the worker keeps doing it without cron. Backends that cannot
defer (the immediate one) get no next run: cron does that job there."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.cache import cache
from django.utils import timezone
from django_tasks import default_task_backend


def schedule_next(task: Any, *, key: str, every: int) -> bool:
    """Enqueues one deferred run of ``task`` in ``every`` seconds, unless the backend cannot defer
    or a run is already waiting (``key`` in the cache marks it)."""
    if not default_task_backend.supports_defer:
        return False
    if not cache.add(key, "1", timeout=max(1, every - 1)):
        return False
    task.using(run_after=timezone.now() + dt.timedelta(seconds=every)).enqueue()
    return True
