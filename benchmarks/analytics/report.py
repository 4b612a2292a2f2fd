"""Turn benchmarks/out/results.jsonl (written by run.py) into the Markdown tables of RESULTS.md.

python benchmarks/analytics/report.py > /tmp/tables.md
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "out"))


def load(path: str) -> dict[tuple[str, str], dict[str, Any]]:
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    with open(path) as handle:
        for line in handle:
            row = json.loads(line)
            rows[(row["case"], row["step"])] = row  # a later run of a step replaces an earlier one
    return rows


def seconds(row: dict[str, Any] | None, key: str = "model_s") -> float | None:
    if not row or row.get("error"):
        return None
    extra = row.get("extra") or {}
    return extra.get(key, row.get("seconds"))


def cell(value: float | None, row: dict[str, Any] | None = None) -> str:
    if value is None:
        return f"— ({row['error']})" if row and row.get("error") else "—"
    return f"{value:.2f}"


def ratio(theirs: float | None, ours: float | None, theirs_row: dict[str, Any] | None = None) -> str:
    if theirs and ours:
        return f"{theirs / ours:.1f}×"
    error = (theirs_row or {}).get("error") or ""
    if ours and error.startswith("did not finish within "):  # a lower bound: the reference was stopped
        limit = float(error.removeprefix("did not finish within ").split()[0])
        return f"> {limit / ours:.0f}×"
    return "—"


def main() -> None:
    rows = load(sys.argv[1] if len(sys.argv) > 1 else os.path.join(OUT, "results.jsonl"))
    cases = sorted({case for case, _ in rows if case.startswith("j1m")}, key=lambda c: int(c.split("_c")[1]))
    print("| channels | model | ours (s) | ours, one thread (s) | ChannelAttribution (s) | speed-up |")
    print("| --- | --- | --- | --- | --- | --- |")
    for case in cases:
        n = case.split("_c")[1]
        ours_models = rows.get((case, "ours_heuristics_shapley")) or rows.get((case, "ours_models_1_2")) or {}
        model_seconds = (ours_models.get("extra") or {}).get("seconds", {})
        heur = rows.get((case, "ca_heuristics"))
        print(
            f"| {n} | heuristics | {cell(model_seconds.get('heuristics'))} | | {cell(seconds(heur), heur)} | "
            f"{ratio(seconds(heur), model_seconds.get('heuristics'))} |"
        )
        for k in (1, 2, 3):
            own_row = rows.get((case, f"ours_markov_{k}"))
            mine = seconds(own_row) if own_row else model_seconds.get(f"markov_{k}")
            theirs_row = rows.get((case, f"ca_markov_{k}"))
            single_row = rows.get((case, f"ours_markov_{k}_threads1"))
            single = cell(seconds(single_row), single_row) if single_row else ""
            print(
                f"| {n} | Markov order {k} | {cell(mine, own_row)} | {single} | {cell(seconds(theirs_row), theirs_row)} | "
                f"{ratio(seconds(theirs_row), mine, theirs_row)} |"
            )
        agg = rows.get((case, "ours_aggregate"))
        pandas = rows.get((case, "ca_pandas_aggregate"))
        print(
            f"| {n} | log → distinct paths | {cell(seconds(agg, 'aggregate_s'))} (DuckDB) | | "
            f"{cell(seconds(pandas), pandas)} (pandas, incl. read) | |"
        )
    print()
    models = sorted(
        {step.removeprefix("recovery_") for _, step in rows if step.startswith("recovery_")},
        key=lambda m: (not m.startswith("ours_markov"), not m.startswith("ca_"), m),
    )
    print("| model (ρ / top-k overlap) | " + " | ".join(f"{c.split('_c')[1]} channels" for c in cases) + " |")
    print("| --- |" + " --- |" * len(cases))
    for model in models:
        cells = []
        for case in cases:
            rec = (rows.get((case, f"recovery_{model}")) or {}).get("recovery")
            top = next((v for k, v in (rec or {}).items() if k.startswith("top")), None)
            cells.append(f"{rec['spearman']:.3f} / {top:.1f}" if rec else "—")
        print(f"| {model.replace('_', ' ')} | " + " | ".join(cells) + " |")
    print()
    for case in sorted({case for case, _ in rows if case.startswith("e")}):
        dfg, pm = rows.get((case, "ours_dfg_only")), rows.get((case, "pm4py_dfg_variants"))
        full = rows.get((case, "ours_full_analysis"))
        agg = rows.get((case, "ours_aggregate"))
        print(
            f"{case}: DFG ours {cell(seconds(dfg, 'dfg_s'))} s with medians, {cell(seconds(dfg, 'dfg_counts_s'))} s "
            f"counts only, vs pm4py discover_dfg {cell(seconds(pm, 'dfg_s'))} s "
            f"({ratio(seconds(pm, 'dfg_s'), seconds(dfg, 'dfg_s'))} with medians, "
            f"{ratio(seconds(pm, 'dfg_s'), seconds(dfg, 'dfg_counts_s'))} counts only); "
            f"pm4py get_variants {cell(seconds(pm, 'variants_s'))} s, peak {pm and pm.get('peak_mb'):.0f} MB; "
            f"our aggregate (read + all paths, DFG, variants) {cell(seconds(agg))} s, peak {agg and agg.get('peak_mb'):.0f} MB; "
            f"whole analysis {cell(seconds(full))} s, peak {full and full.get('peak_mb'):.0f} MB "
            f"{(full or {}).get('extra', {}).get('timings')}"
        )


if __name__ == "__main__":
    main()
