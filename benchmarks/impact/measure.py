"""How the impact benchmark measures a step and keeps its figures: each timed step runs in a fresh
child process (fork) after the data are built, so its peak memory (ru_maxrss) is the step's own plus
the data; every figure is printed and appended as a JSON line to benchmarks/out/impact.jsonl."""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import resource
import time
from collections.abc import Callable
from typing import Any

OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "out"))


def _child(conn: Any, fn: Callable[[], Any]) -> None:
    started, cpu = time.perf_counter(), time.process_time()
    try:
        extra, error = fn(), None
    except Exception as exc:  # reported, the run goes on
        extra, error = None, f"{type(exc).__name__}: {exc}"
    conn.send(
        {
            "seconds": time.perf_counter() - started,
            "cpu_s": time.process_time() - cpu,  # the step's own CPU (the machine may be shared)
            "error": error,
            "extra": extra,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }
    )


def timed(fn: Callable[[], Any], limit: float = 600) -> dict[str, Any]:
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, fn))
    proc.start()
    if parent.poll(limit):
        out = parent.recv()
    else:
        proc.kill()
        out = {"seconds": None, "error": f"stopped after {limit:.0f} s", "peak_mb": None}
    proc.join()
    return out


def record(line: dict[str, Any]) -> None:
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "impact.jsonl"), "a") as handle:
        handle.write(json.dumps(line) + "\n")
    shown = {k: (round(v, 3) if isinstance(v, float) else v) for k, v in line.items()}
    print(json.dumps(shown, ensure_ascii=False), flush=True)
