"""Production load benchmark: gunicorn + PostgreSQL + Redis cache, driven by wrk on 127.0.0.1.

Run by hand from the repository root (see benchmarks/load/README.md):

    .venv/bin/python benchmarks/load/run.py [--n 5000] [--duration 30] [--editors-duration 60]

1. builds a fresh workspace of N touchpoints and 3 brands (the inventory benchmark's data), a user,
   an API token and a logged-in session;
2. starts gunicorn (touchpoints.wsgi, 2 × cores + 1 sync workers, PRODUCTION=1, DEBUG off, Redis
   cache) on 127.0.0.1 against PostgreSQL;
3. runs wrk (8 connections, bounded time) on the inventory page (session cookie) and on the list
   API (Bearer token), with report.lua for p95 and the count of non-2xx responses;
4. runs 8 concurrent editors (POST new touchpoints, PATCH their own) through the API for a bounded
   time, then checks that every acknowledged write is in the database; on PostgreSQL and on SQLite
   (the default database, a file);
5. prints a table and writes benchmarks/load/RESULTS.md.

Everything stays on 127.0.0.1; every loop is bounded in time and count.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from benchmarks.load.drivers import EDITORS, editors, run_wrk
from benchmarks.load.server import Gunicorn, base_env, check_200, fresh_database, server_cpu

HERE = Path(__file__).resolve().parent
OUT = ROOT / "benchmarks" / "out" / "load"


# ---------------------------------------------------------------- inside Django (subprocesses)


def _django() -> None:
    from benchmarks._django import setup

    setup()


def cmd_setup(n: int) -> None:
    """Fresh schema and data; prints one JSON line with what the load generators need."""
    _django()
    from django.conf import settings
    from django.test import Client

    from benchmarks.inventory.data import build_workspace
    from touchpoints.accounts.services import api_token_create

    user, ws, import_s = build_workspace(n, username="loadbench", name="Load benchmark")
    if django_vendor() == "postgresql":
        # A live database has its planner statistics (autovacuum keeps them); a freshly loaded
        # one has none until autovacuum comes round, and its plans would be a new install's.
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    _token, raw = api_token_create(user=user, name="load benchmark")
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    ids = list(ws.touchpoints.order_by("pk").values_list("pk", flat=True)[: EDITORS * 10])
    print(
        "SETUP "
        + json.dumps(
            {
                "slug": ws.slug,
                "token": raw,
                "cookie_name": settings.SESSION_COOKIE_NAME,
                "cookie": cookie,
                "ids": ids,
                "count": ws.touchpoints.count(),
                "import_s": round(import_s, 1),
                "vendor": django_vendor(),
            }
        )
    )


def django_vendor() -> str:
    from django.db import connection

    return connection.vendor


def cmd_verify(path: str) -> None:
    """Every acknowledged write (a 2xx answer) is in the database: created rows, last patched notes."""
    _django()
    from touchpoints.inventory.models import Touchpoint

    acks = json.loads(Path(path).read_text())
    created = {int(k): v for k, v in acks["created"].items()}
    patched = {int(k): v for k, v in acks["patched"].items()}
    rows = {
        pk: (name, notes)
        for pk, name, notes in Touchpoint.objects.filter(pk__in=[*created, *patched]).values_list("pk", "name", "notes")
    }
    created_ok = sum(1 for pk, name in created.items() if rows.get(pk, (None,))[0] == name)
    patched_ok = sum(1 for pk, notes in patched.items() if pk in rows and rows[pk][1] == notes)
    print(
        "VERIFY "
        + json.dumps(
            {
                "created": len(created),
                "created_present": created_ok,
                "patched": len(patched),
                "patched_present": patched_ok,
            }
        )
    )


# ---------------------------------------------------------------- orchestration


def child(args: list[str], env: dict[str, str], tag: str) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=900
    )
    for line in proc.stdout.splitlines():
        if line.startswith(tag + " "):
            return json.loads(line[len(tag) + 1 :])
    raise RuntimeError(f"{args[0]} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}")


def run_database(db: str, args: argparse.Namespace, port: int, results: list[dict]) -> None:
    var = OUT / db
    env = base_env(db, var)
    fresh_database(db, env, var)
    setup = child(["_setup", str(args.n)], env, "SETUP")
    print(f"[{db}] {setup['count']} touchpoints (import {setup['import_s']} s)", flush=True)
    subprocess.run([sys.executable, "-m", "django", "collectstatic", "--noinput", "-v0"], env=env, cwd=ROOT, check=True)
    server = Gunicorn(env, port, args.workers, OUT / f"gunicorn-{db}.log")
    try:
        if db in args.wrk_on:
            cookie = f"Cookie: {setup['cookie_name']}={setup['cookie']}"
            bearer = f"Authorization: Bearer {setup['token']}"
            for label, path, header in (
                ("inventory page", f"/w/{setup['slug']}/touchpoints/", cookie),
                ("list API", f"/api/v1/workspaces/{setup['slug']}/touchpoints", bearer),
            ):
                check_200(port, path, {header.split(": ")[0]: header.split(": ", 1)[1]})
                before = server_cpu(server, env.get("DATABASE_URL", ""))
                r = run_wrk(port, path, header, args.duration, args.connections)
                after = server_cpu(server, env.get("DATABASE_URL", ""))
                spent = sum(max(0.0, t - before.get(pid, 0.0)) for pid, t in after.items())
                r["cpu_ms"] = 1000 * spent / max(1, r["requests"])
                r.update(db=db, test=label)
                results.append(r)
                print(
                    f"[{db}] {label}: {r['rps']:.1f} req/s, p95 {r['p95_ms']:.0f} ms, errors {r['errors']}, "
                    f"server CPU {r['cpu_ms']:.1f} ms/request"
                    f" (load {r['load_before']})",
                    flush=True,
                )
        ed = editors(port, setup["slug"], setup["token"], setup["ids"], args.editors_duration)
    finally:
        server.stop()
    acks = OUT / f"acks-{db}.json"
    acks.write_text(json.dumps({"created": ed["created"], "patched": ed["patched"]}))
    check = child(["_verify", str(acks)], env, "VERIFY")
    r = {
        "db": db,
        "test": f"{EDITORS} editors, {args.editors_duration} s",
        "writes": ed["writes"],
        "wps": ed["wps"],
        "p95_ms": ed["p95_ms"],
        "errors": len(ed["failures"]),
        "acked": check["created"] + check["patched"],
        "present": check["created_present"] + check["patched_present"],
        "check": check,
        "load_before": ed["load_before"],
        "load_after": ed["load_after"],
        "failure_sample": ed["failures"][:5],
    }
    results.append(r)
    print(
        f"[{db}] editors: {r['writes']} writes ({r['wps']:.1f}/s), errors {r['errors']}, "
        f"acknowledged {r['acked']}, present {r['present']} (load {r['load_before']})",
        flush=True,
    )


TARGETS = {"inventory page": (50, 300), "list API": (100, 150)}


def render(results: list[dict], args: argparse.Namespace) -> str:
    cores = os.cpu_count() or 1
    lines = [
        "# Production load benchmark: results",
        "",
        f"Run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on a {cores}-core machine shared with other work "
        f"(load average: 1, 5, 15 min, read with `uptime` before and after each figure). gunicorn "
        f"`touchpoints.wsgi`, {args.workers} sync workers, PRODUCTION=1, DEBUG off, Redis cache; "
        f"{args.n:,} touchpoints, 3 brands; wrk, {args.connections} connections, {args.duration} s, on 127.0.0.1.",
        "",
        "Command: `.venv/bin/python benchmarks/load/run.py " + " ".join(sys.argv[1:]) + "`",
        "",
        "| database | test | req/s | p50 ms | p95 ms | errors | server CPU ms / request | target | load before → after |",
        "|---|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for r in results:
        if "rps" in r:
            rps_min, p95_max = TARGETS[r["test"]]
            met = "met" if r["rps"] >= rps_min and r["p95_ms"] < p95_max and r["errors"] == 0 else "MISSED"
            lines.append(
                f"| {r['db']} | {r['test']} | {r['rps']:.1f} | {r['p50_ms']:.0f} | {r['p95_ms']:.0f} | "
                f"{r['errors']} | {r['cpu_ms']:.1f} | ≥ {rps_min} req/s, p95 < {p95_max} ms: {met} | "
                f"{r['load_before']} → {r['load_after']} |"
            )
    lines += [
        "",
        "Editors: *writes* counts every answered request; *acknowledged* is what the database must then "
        "hold: each created touchpoint (2xx to its POST) and, for each PATCHed touchpoint, the notes of "
        "its last acknowledged PATCH (created + patched touchpoints).",
        "",
        "| database | test | writes | writes/s | p95 ms | errors | acknowledged (created + patched) "
        "| present | load before → after |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        if "acked" in r:
            lines.append(
                f"| {r['db']} | {r['test']} | {r['writes']} | {r['wps']:.1f} | {r['p95_ms']:.0f} | "
                f"{r['errors']} | {r['acked']} ({r['check']['created']} + {r['check']['patched']}) | {r['present']} | {r['load_before']} → {r['load_after']} |"
            )
            if r["failure_sample"]:
                lines.append(f"\nFailures ({r['db']}), first ones: `{r['failure_sample']}`\n")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--duration", type=int, default=30, help="seconds of each wrk run (≤ 120)")
    parser.add_argument("--editors-duration", type=int, default=60, help="seconds of the editors test (≤ 120)")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--port", type=int, default=8120)
    parser.add_argument("--databases", default="postgresql,sqlite")
    parser.add_argument("--wrk-on", default="postgresql", help="databases on which wrk runs")
    parser.add_argument("--no-write", action="store_true", help="don't rewrite RESULTS.md")
    args = parser.parse_args()
    args.duration = min(args.duration, 120)
    args.editors_duration = min(args.editors_duration, 120)
    args.connections = min(args.connections, 64)
    args.wrk_on = args.wrk_on.split(",")
    OUT.mkdir(parents=True, exist_ok=True)
    results: list[dict] = []
    for db in args.databases.split(","):
        run_database(db, args, args.port, results)
    text = render(results, args)
    print(text)
    if not args.no_write:
        (HERE / "RESULTS.md").write_text(text)


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "_setup":
        cmd_setup(int(sys.argv[2]))
    elif len(sys.argv) >= 2 and sys.argv[1] == "_verify":
        cmd_verify(sys.argv[2])
    else:
        main()
