"""The timing loop the benchmark scripts share."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


def timed(fn: Callable[[], Any], repeat: int, warmup: int = 1) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of each of ``repeat`` runs, after ``warmup`` runs not
    measured (CPU time shows the cost when other processes share the machine's cores)."""
    for _ in range(warmup):
        fn()
    wall, cpu = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return wall, cpu
