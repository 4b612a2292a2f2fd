"""The timing loop the benchmark scripts share, with their command line and the page requests they time."""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any


def timed(
    fn: Callable[[], Any], repeat: int, warmup: int = 1, before: Callable[[], Any] | None = None
) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of each of ``repeat`` runs, after ``warmup`` runs not
    measured (CPU time shows the cost when other processes share the machine's cores);
    ``before``, if given, runs untimed before each timed run."""
    for _ in range(warmup):
        fn()
    wall, cpu = [], []
    for _ in range(repeat):
        if before is not None:
            before()
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return wall, cpu


def percentile(samples: list[float], q: float) -> float:
    """The ``q`` quantile (0.95 for the p95) of ``samples`` by the nearest rank; 0 with no samples."""
    ordered = sorted(samples)
    return ordered[max(0, int(round(q * len(ordered))) - 1)] if ordered else 0.0


def options(repeat: int = 50, **sizes: int) -> argparse.Namespace:
    """The command line of a benchmark: each of ``sizes`` as ``--<name> N`` with its default, and
    ``--repeat N``, the number of timed runs."""
    parser = argparse.ArgumentParser()
    for name, default in sizes.items():
        parser.add_argument(f"--{name}", type=int, default=default)
    parser.add_argument("--repeat", type=int, default=repeat)
    return parser.parse_args()


def page(client: Any, url: str) -> Callable[[], bytes]:
    """A request of the page at ``url`` by ``client`` (a Django test client), to be timed: it must
    answer 200."""

    def get() -> bytes:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return bytes(response.content)

    return get
