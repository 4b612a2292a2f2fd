"""The load generators of the load benchmark (run.py): wrk on one address, and concurrent editors
writing through the API, each bounded in time and count."""

from __future__ import annotations

import http.client
import json
import random
import re
import subprocess
import threading
import time
from pathlib import Path

from benchmarks._timing import percentile
from benchmarks.load.server import HOST, uptime

HERE = Path(__file__).resolve().parent
WRK = "/usr/bin/wrk"
EDITORS = 8
MAX_EDITS_PER_EDITOR = 20_000  # a bound on top of the time bound


def run_wrk(port: int, path: str, header: str, duration: int, connections: int) -> dict:
    load = uptime()
    cmd = [
        WRK,
        "-t",
        "2",
        "-c",
        str(connections),
        "-d",
        f"{duration}s",
        "--timeout",
        "10s",
        "-s",
        str(HERE / "report.lua"),
        "-H",
        header,
        f"http://{HOST}:{port}{path}",
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 60).stdout
    line = next((ln for ln in out.splitlines() if ln.startswith("RESULT ")), None)
    if line is None:
        raise RuntimeError("wrk gave no RESULT line:\n" + out)
    r = {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", line)}
    errors = r["non2xx"] + r["connect"] + r["read"] + r["write"] + r["timeout"]
    return {
        "rps": r["requests"] / (r["duration_us"] / 1e6),
        "requests": r["requests"],
        "p50_ms": r["p50_us"] / 1000,
        "p95_ms": r["p95_us"] / 1000,
        "p99_ms": r["p99_us"] / 1000,
        "errors": errors,
        "non2xx": r["non2xx"],
        "load_before": load,
        "load_after": uptime(),
    }


def editors(port: int, slug: str, token: str, ids: list[int], duration: int) -> dict:
    """8 threads, each with its own keep-alive connection: alternately POST a new touchpoint and PATCH
    the notes of one of its own touchpoints. A write counts as acknowledged on a 2xx answer."""
    load = uptime()
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    base = f"/api/v1/workspaces/{slug}/touchpoints"
    created: dict[int, str] = {}
    patched: dict[int, str] = {}
    failures: list[str] = []
    latencies: list[float] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + duration

    def editor(e: int) -> None:
        rng = random.Random(e)
        own = ids[e::EDITORS]
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        for i in range(MAX_EDITS_PER_EDITOR):
            if time.monotonic() >= stop_at:
                break
            if i % 2 == 0:
                body = {"name": f"Editor {e} new {i}", "code": f"ed{e}-{i}", "notes": f"editor {e}"}
                method, path = "POST", base
            else:
                target = rng.choice(own)
                body = {"notes": f"editor {e} revision {i}"}
                method, path = "PATCH", f"{base}/{target}"
            t0 = time.perf_counter()
            try:
                conn.request(method, path, body=json.dumps(body), headers=headers)
                response = conn.getresponse()
                data = response.read()
            except (OSError, http.client.HTTPException) as exc:
                with lock:
                    failures.append(f"{method} {exc!r}")
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=30)
                continue
            elapsed = (time.perf_counter() - t0) * 1000
            with lock:
                latencies.append(elapsed)
                if 200 <= response.status < 300:
                    if method == "POST":
                        created[json.loads(data)["id"]] = body["name"]
                    else:
                        patched[target] = body["notes"]  # answers on one connection come in order
                else:
                    failures.append(f"{method} {response.status} {data[:200]!r}")
        conn.close()

    threads = [threading.Thread(target=editor, args=(e,)) for e in range(EDITORS)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=duration + 120)
    wall = time.monotonic() - t0
    return {
        "created": created,
        "patched": patched,
        "failures": failures,
        "writes": len(latencies),
        "wps": len(latencies) / wall,
        "p95_ms": percentile(latencies, 0.95),
        "load_before": load,
        "load_after": uptime(),
    }
