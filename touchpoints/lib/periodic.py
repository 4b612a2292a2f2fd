"""Work done every so often: a task that enqueues its own next run deferred by ``every`` seconds,
so the worker keeps doing it without cron (backends that cannot defer, the immediate one, get no
next run: cron does that job there); and the ``--loop SECONDS`` of the commands cron runs."""

from __future__ import annotations

import argparse
import datetime as dt
import time
from collections.abc import Callable
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


def add_loop_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--loop", type=float, default=0, metavar="SECONDS", help="keep running, once every SECONDS (0: once)"
    )


def repeat(run: Callable[[], object], *, loop: float, write: Callable[[str], Any]) -> None:
    """Runs ``run`` once (``loop`` 0), or every ``loop`` seconds for good, writing what each run
    reports."""
    while True:
        write(str(run()))
        if not loop:
            return
        time.sleep(loop)
