"""Time the journey-analytics engine side by side with ChannelAttribution and pm4py.

Needs the logs from generate_log.py in benchmarks/out/ and the benchmark-only packages of
requirements.txt. Every timed step runs in a fresh child process (fork) with a time limit, so
one slow reference cannot stall the run, and the child's peak memory (ru_maxrss) is reported.

    python benchmarks/analytics/run.py                       # all cases
    python benchmarks/analytics/run.py --cases j1m_c100 --limit 900

Results are appended as JSON lines to benchmarks/out/results.jsonl and printed as a table.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import resource
import sys
import time
from collections.abc import Callable
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "out"))
sys.path.insert(0, os.path.normpath(os.path.join(HERE, "..", "..")))

COLUMNS = "customer=customer,timestamp=ts,touchpoint=channel,conversion=converted,value=value,segment=segment"
ATTRIBUTION_CASES = ("j1m_c12", "j1m_c100", "j1m_c500")
EVENTS_CASE = "e10m_c50"


def _child(conn: Any, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
    started = time.perf_counter()
    try:
        extra = fn(*args)
        error = None
    except Exception as exc:  # reported, not raised: the run goes on
        extra, error = None, f"{type(exc).__name__}: {exc}"
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    conn.send({"seconds": seconds, "peak_mb": peak_mb, "extra": extra, "error": error})


def timed_median(fn: Callable[..., Any], *args: Any, limit: float, repeat: int) -> dict[str, Any]:
    """``timed`` ``repeat`` times (each in a fresh child); the run with the median model time,
    with every run's model time in ``model_runs_s``. A failed run is returned at once."""
    runs = []
    for _ in range(max(repeat, 1)):
        outcome = timed(fn, *args, limit=limit)
        if not outcome.get("extra"):
            return outcome
        runs.append(outcome)
    runs.sort(key=lambda r: r["extra"]["model_s"])
    chosen = runs[len(runs) // 2]
    chosen["extra"]["model_runs_s"] = [r["extra"]["model_s"] for r in runs]
    return chosen


def timed(fn: Callable[..., Any], *args: Any, limit: float) -> dict[str, Any]:
    """Run ``fn(*args)`` in a forked child; its own time (not the fork's), peak RSS and result."""
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, fn, args))
    proc.start()
    if parent.poll(limit):
        out = parent.recv()
        proc.join()
        return out
    proc.kill()
    proc.join()
    return {"seconds": None, "peak_mb": None, "extra": None, "error": f"did not finish within {limit:.0f} s"}


# --- our engine -------------------------------------------------------------------------------


def ours_aggregate(path: str) -> dict[str, Any]:
    from touchpoints.analytics.engine import open_engine, parse_column_map

    engine = open_engine("duckdb")
    t0 = time.perf_counter()
    engine.load(path, parse_column_map(COLUMNS))
    t1 = time.perf_counter()
    agg = engine.aggregate()
    return {
        "read_s": t1 - t0,
        "aggregate_s": time.perf_counter() - t1,
        "paths": agg.n_paths,
        "dfg_edges": int(agg.dfg_count.shape[0]),
    }


def _ours_paths(path: str) -> Any:
    from touchpoints.analytics.engine import open_engine, parse_column_map
    from touchpoints.analytics.engine.describe import path_counts

    engine = open_engine("duckdb")
    engine.load(path, parse_column_map(COLUMNS))
    agg = engine.aggregate()
    engine.close()  # as analyze_log does: the engine's memory goes before the models run
    return agg, path_counts(agg)


def ours_channels(path: str) -> dict[str, Any]:
    return {"channels": _ours_paths(path)[0].channels}


def ours_models(path: str, orders: tuple[int, ...]) -> dict[str, Any]:
    """Aggregate once, then time each model on the distinct paths; conversions per channel."""
    from touchpoints.analytics.engine.attribution import HEURISTIC_MODELS
    from touchpoints.analytics.engine.markov import markov_model
    from touchpoints.analytics.engine.shapley import shapley_model

    agg, paths = _ours_paths(path)
    out: dict[str, Any] = {"channels": agg.channels, "models": {}, "seconds": {}}
    t = time.perf_counter()
    for key, model in HEURISTIC_MODELS.items():
        out["models"][key] = model(paths)[0].tolist()
    out["seconds"]["heuristics"] = time.perf_counter() - t
    for k in orders:
        t = time.perf_counter()
        out["models"][f"markov_{k}"] = markov_model(paths, k).attribution[0].tolist()
        out["seconds"][f"markov_{k}"] = time.perf_counter() - t
    for key, game in (("shapley", "conversions"), ("shapley_incremental", "incremental")):
        t = time.perf_counter()
        out["models"][key] = shapley_model(paths, game).attribution[0].tolist()  # type: ignore[arg-type]
        out["seconds"][key] = time.perf_counter() - t
    return out


def ours_markov_one(path: str, order: int, threads: int | None = None) -> dict[str, Any]:
    from touchpoints.analytics.engine import markov
    from touchpoints.analytics.engine.markov import markov_model

    if threads:
        markov.WORKERS = threads

    agg, paths = _ours_paths(path)
    t = time.perf_counter()
    result = markov_model(paths, order)
    return {"channels": agg.channels, "conversions": result.attribution[0].tolist(), "model_s": time.perf_counter() - t}


def ours_full(path: str, orders: tuple[int, ...], bootstrap: int) -> dict[str, Any]:
    from touchpoints.analytics.engine import AnalysisOptions, analyze_log, parse_column_map

    result = analyze_log(
        path, parse_column_map(COLUMNS), options=AnalysisOptions(markov_orders=orders, bootstrap=bootstrap)
    )
    return {"timings": result.timings_seconds, "journeys": result.summary.journeys}


# --- references --------------------------------------------------------------------------------


def pandas_paths(path: str) -> Any:
    """The aggregation ChannelAttribution needs: one row per distinct path string with counts."""
    import pandas as pd

    df = pd.read_parquet(path, columns=["customer", "ts", "channel", "converted", "value"])
    df = df.sort_values(["customer", "ts"], kind="stable")
    grouped = df.groupby("customer", sort=False)
    journeys = pd.DataFrame(
        {
            "path": grouped["channel"].agg(" > ".join),
            "conv": grouped["converted"].max().astype(int),
            "value": grouped["value"].sum(),
        }
    )
    journeys["null"] = 1 - journeys["conv"]
    return journeys.groupby("path", as_index=False).agg(
        conv=("conv", "sum"), value=("value", "sum"), null=("null", "sum")
    )


def ca_aggregate(path: str) -> dict[str, Any]:
    return {"paths": int(len(pandas_paths(path)))}


def ca_heuristics(path: str) -> dict[str, Any]:
    import ChannelAttribution as ca

    paths = pandas_paths(path)
    t = time.perf_counter()
    out = ca.heuristic_models(paths, "path", "conv", var_value="value", flg_pro=False)
    return {
        "model_s": time.perf_counter() - t,
        "first_touch": dict(zip(out["channel_name"], out["first_touch_conversions"])),
        "last_touch": dict(zip(out["channel_name"], out["last_touch_conversions"])),
        "linear": dict(zip(out["channel_name"], out["linear_touch_conversions"])),
    }


def ca_markov(path: str, order: int) -> dict[str, Any]:
    import ChannelAttribution as ca

    paths = pandas_paths(path)
    t = time.perf_counter()
    out = ca.markov_model(
        paths, "path", "conv", var_value="value", var_null="null", order=order, verbose=False, flg_pro=False
    )
    return {"model_s": time.perf_counter() - t, "conversions": dict(zip(out["channel_name"], out["total_conversions"]))}


def pm4py_dfg(path: str) -> dict[str, Any]:
    import pandas as pd
    import pm4py

    df = pd.read_parquet(path, columns=["customer", "ts", "channel"])
    df["customer"] = df["customer"].astype(str)
    t = time.perf_counter()
    dfg, _, _ = pm4py.discover_dfg(df, activity_key="channel", case_id_key="customer", timestamp_key="ts")
    dfg_s = time.perf_counter() - t
    t = time.perf_counter()
    variants = pm4py.get_variants(df, activity_key="channel", case_id_key="customer", timestamp_key="ts")
    return {"dfg_s": dfg_s, "variants_s": time.perf_counter() - t, "dfg_edges": len(dfg), "variants": len(variants)}


def ours_dfg_only(path: str) -> dict[str, Any]:
    """The engine's directly-follows graph alone, like-for-like with pm4py: the log is read and
    validated first (pm4py's DataFrame is read before its clock starts too), then timed: one
    window with lead() and a group-by with the median gap (what the app shows), and again with
    counts only (what pm4py's discover_dfg gives)."""
    from touchpoints.analytics.engine import parse_column_map
    from touchpoints.analytics.engine.aggregate_duckdb import DuckDBEngine

    engine = DuckDBEngine()
    engine.load(path, parse_column_map(COLUMNS))
    t = time.perf_counter()
    edges = engine.directly_follows()
    dfg_s = time.perf_counter() - t
    t = time.perf_counter()
    counts = engine.directly_follows(medians=False)  # like pm4py's discover_dfg: counts only
    assert [e[:3] for e in counts] == [e[:3] for e in edges]
    return {"dfg_s": dfg_s, "dfg_counts_s": time.perf_counter() - t, "dfg_edges": len(edges)}


# --- planted truth -----------------------------------------------------------------------------


def recovery(channels: list[str], conversions: list[float] | dict[str, float], truth_file: str) -> dict[str, float]:
    import numpy as np
    from scipy.stats import spearmanr

    with open(truth_file) as handle:
        planted = {row["channel"]: row["incremental_conversions"] for row in json.load(handle)["planted"]}
    if isinstance(conversions, dict):
        values = np.array([float(conversions.get(c, 0.0)) for c in channels])
    else:
        values = np.asarray(conversions, dtype=float)
    truth = np.array([planted[c] for c in channels])
    top = max(1, min(10, len(channels) // 5))
    top_true = set(np.argsort(-truth)[:top])
    top_model = set(np.argsort(-values)[:top])
    rho = spearmanr(values, truth).statistic
    return {"spearman": float(rho), f"top{top}_overlap": len(top_true & top_model) / top}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", default=",".join(ATTRIBUTION_CASES + (EVENTS_CASE,)))
    parser.add_argument("--orders", default="1,2,3")
    parser.add_argument("--limit", type=float, default=1200.0, help="seconds allowed to one timed step")
    parser.add_argument("--skip-ca-orders", default="", help="e.g. j1m_c500:2,j1m_c500:3 to skip")
    parser.add_argument(
        "--ours-only",
        action="store_true",
        help="time only our engine (keep the references' earlier lines in results.jsonl)",
    )
    parser.add_argument(
        "--markov-threads",
        type=int,
        default=None,
        help="threads for our per-channel Markov solves (default: one per core); recorded as ours_markov_K_threadsN",
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="run each Markov model N times (fresh processes) and keep the median"
    )
    parser.add_argument(
        "--refs-only",
        action="store_true",
        help="time only the references (keep our engine's earlier lines in results.jsonl)",
    )
    args = parser.parse_args()
    orders = tuple(int(k) for k in args.orders.split(","))
    skip = set(args.skip_ca_orders.split(",")) if args.skip_ca_orders else set()
    results_path = os.path.join(OUT, "results.jsonl")

    def record(case: str, step: str, outcome: dict[str, Any]) -> dict[str, Any]:
        row = {"case": case, "step": step, **outcome}
        with open(results_path, "a") as handle:
            handle.write(json.dumps(row) + "\n")
        shown = {k: v for k, v in row.items() if k != "extra"}
        extra = outcome.get("extra") or {}
        shown.update(
            {
                k: v
                for k, v in extra.items()
                if k.endswith("_s") or k in ("recovery", "paths", "dfg_edges", "seconds", "timings")
            }
        )
        print(json.dumps(shown, default=str), flush=True)
        return outcome

    for case in args.cases.split(","):
        path = os.path.join(OUT, f"{case}.parquet")
        truth = os.path.join(OUT, f"{case}.truth.json")
        if case == EVENTS_CASE:
            if not args.refs_only:
                record(case, "ours_aggregate", timed(ours_aggregate, path, limit=args.limit))
                record(case, "ours_dfg_only", timed(ours_dfg_only, path, limit=args.limit))
            if not args.ours_only:
                record(case, "pm4py_dfg_variants", timed(pm4py_dfg, path, limit=args.limit))
            if not args.refs_only:
                record(case, "ours_full_analysis", timed(ours_full, path, orders, 0, limit=args.limit))
            continue
        if args.refs_only:  # the channel names come from our aggregation (in a child, not recorded)
            ours = timed(ours_channels, path, limit=args.limit)
        else:
            record(case, "ours_aggregate", timed(ours_aggregate, path, limit=args.limit))
            ours = record(case, "ours_heuristics_shapley", timed(ours_models, path, (), limit=args.limit))
            if ours.get("extra"):
                channels = ours["extra"]["channels"]
                for key, conversions in ours["extra"]["models"].items():
                    record(case, f"recovery_ours_{key}", {"recovery": recovery(channels, conversions, truth)})
        for k in () if args.refs_only else orders:
            step = f"ours_markov_{k}" + (f"_threads{args.markov_threads}" if args.markov_threads else "")
            mk = record(
                case,
                step,
                timed_median(ours_markov_one, path, k, args.markov_threads, limit=args.limit, repeat=args.repeat),
            )
            if mk.get("extra") and not args.markov_threads:
                record(
                    case,
                    f"recovery_ours_markov_{k}",
                    {"recovery": recovery(mk["extra"]["channels"], mk["extra"]["conversions"], truth)},
                )
        if args.ours_only:
            continue
        record(case, "ca_pandas_aggregate", timed(ca_aggregate, path, limit=args.limit))
        heur = record(case, "ca_heuristics", timed(ca_heuristics, path, limit=args.limit))
        for k in orders:
            if f"{case}:{k}" in skip:
                record(case, f"ca_markov_{k}", {"error": "skipped by --skip-ca-orders"})
                continue
            ca = record(case, f"ca_markov_{k}", timed_median(ca_markov, path, k, limit=args.limit, repeat=args.repeat))
            if ca.get("extra") and ours.get("extra"):
                record(
                    case,
                    f"recovery_ca_markov_{k}",
                    {"recovery": recovery(ours["extra"]["channels"], ca["extra"]["conversions"], truth)},
                )
        del heur


if __name__ == "__main__":
    main()
