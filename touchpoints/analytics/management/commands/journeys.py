"""``touchpoints journeys analyze LOG ...``: journey analytics from the command line.

A thin shell over :func:`touchpoints.analytics.engine.analyze_log`: it parses the options,
prints progress to stderr, a short summary to stdout, and the whole result as JSON
(``--json FILE``, shape in docs/analytics.md). ``--workspace SLUG`` matches channels against
that workspace's touchpoints and keeps the result with it through the two hooks below.
"""

from __future__ import annotations

import re
import sys
import time
from datetime import UTC, date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from touchpoints.analytics.engine import (
    AnalysisOptions,
    AnalysisResult,
    Filters,
    LogError,
    analyze_log,
    parse_column_map,
)
from touchpoints.analytics.engine.matching import TouchpointRef
from touchpoints.analytics.services import analysis_store, clean_options, clean_orders, engine_options
from touchpoints.analytics.services.matching import workspace_refs

DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$")
SECONDS = {"": 86400.0, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0, "w": 7 * 86400.0}


# ---- hooks for the web part: keeping a command-line analysis with a workspace ----------------


def workspace_touchpoints(slug: str) -> tuple[Any, list[TouchpointRef]]:
    """HOOK: the workspace with this slug and its touchpoints as (id, name, code) for matching."""
    from touchpoints.workspaces.models import Workspace

    workspace = Workspace.objects.filter(slug=slug).first()
    if workspace is None:
        raise CommandError(f"no workspace with the short name {slug!r}")
    refs: list[TouchpointRef] = [*workspace_refs(workspace.pk)]
    return workspace, refs


def workspace_store_analysis(workspace: Any, result: AnalysisResult, *, log: str, options: dict[str, Any]) -> str:
    """Keeps the result with the workspace; returns a line saying where it is."""
    run = analysis_store(workspace=workspace, result=result, source_name=log, **options)
    return f"kept with workspace {workspace.slug!r} as analysis run {getattr(run, 'pk', run)}"


# ---- parsing ---------------------------------------------------------------------------------


# The command's flag for each option that clean_options checks (the one check shared with the
# page and the API).
FLAGS = {
    "markov_orders": "--order",
    "half_life_days": "--half-life",
    "bootstrap": "--bootstrap",
    "seed": "--seed",
    "by_segment": "--by-segment",
    "options": "options",
}


def parse_options(options: dict[str, Any]) -> AnalysisOptions:
    """The engine's options from the command's flags, checked by :func:`clean_options`."""
    if not options["order"].strip(",").strip():
        raise CommandError("--order takes Markov orders between 1 and 3, such as 1,2,3")
    try:
        cleaned = clean_options(
            {
                "markov_orders": options["order"],
                "half_life_days": parse_duration(options["half_life"]) / 86400.0,
                "bootstrap": options["bootstrap"],
                "seed": options["seed"],
                "by_segment": options["by_segment"],
            }
        )
        bootstrap_orders = clean_orders(options["bootstrap_orders"])
    except ValidationError as exc:
        problems = [f"{FLAGS.get(k, k)}: {' '.join(v)}" for k, v in exc.message_dict.items()]
        raise CommandError("; ".join(problems)) from exc
    return engine_options(
        cleaned, bootstrap_markov_orders=tuple(bootstrap_orders), top_variants=max(1, int(options["top"]))
    )


def parse_moment(text: str | None, option: str, *, end_of_day: bool = False) -> datetime | None:
    """ISO date or date-time (UTC unless it says otherwise). A bare --until date includes that day."""
    if not text:
        return None
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            moment = datetime(day.year, day.month, day.day, tzinfo=UTC)
            return moment.fromordinal(moment.toordinal() + 1).replace(tzinfo=UTC) if end_of_day else moment
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(
            f"{option} takes a date (2024-05-01) or a date-time (2024-05-01T13:00), not {text!r}"
        ) from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def parse_duration(text: str) -> float:  # the unit is the command's; the limits are clean_options'.
    """Seconds from '7d', '12h', '30m', '3600s', '2w' or a number of days."""
    match = DURATION.match(text)
    if not match or float(match.group(1)) <= 0:
        raise CommandError(f"--half-life takes a positive duration such as 7d, 12h or 2w, not {text!r}")
    return float(match.group(1)) * SECONDS[match.group(2)]


class Command(BaseCommand):
    help = "Journey analytics on interaction logs (chains, drop-off, attribution). See docs/analytics.md."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="analyze")
        analyze = actions.add_parser(
            "analyze",
            help="analyse a log (CSV, Parquet or JSON Lines)",
            description="Analyse an interaction log: variants, directly-follows graph, drop-off, "
            "time to conversion and attribution (heuristics, Markov orders 1-3, Shapley).",
        )
        analyze.add_argument("log", help="the log file (.csv, .parquet, .jsonl)")
        analyze.add_argument(
            "--map",
            dest="column_map",
            required=True,
            help="customer=COL,timestamp=COL,touchpoint=COL,conversion=COL[,value=COL][,segment=COL]",
        )
        analyze.add_argument(
            "--format",
            dest="log_format",
            choices=["csv", "parquet", "jsonl"],
            help="the log's format when its name does not say",
        )
        analyze.add_argument(
            "--engine",
            choices=["duckdb", "spark"],
            default="duckdb",
            help="duckdb (in-process, default) or spark (needs pyspark and Java 17)",
        )
        analyze.add_argument(
            "--master", default=None, help="Spark master URL, e.g. spark://host:7077 (default local[*])"
        )
        analyze.add_argument(
            "--json", dest="json_path", help="write the whole result as JSON to this file ('-' for stdout)"
        )
        analyze.add_argument("--order", default="1,2,3", help="Markov orders to compute, e.g. 1,2,3 (default)")
        analyze.add_argument("--segment", action="append", default=[], help="keep only this segment (repeatable)")
        analyze.add_argument("--by-segment", action="store_true", help="also analyse each segment on its own")
        analyze.add_argument("--since", help="keep events from this date or date-time (UTC)")
        analyze.add_argument("--until", help="keep events before this date-time; a bare date is included")
        analyze.add_argument("--half-life", default="7d", help="time-decay half-life, e.g. 7d (default), 12h")
        analyze.add_argument(
            "--bootstrap",
            type=int,
            default=100,
            help="bootstrap replicates for confidence intervals (default 100, 0 for none)",
        )
        analyze.add_argument(
            "--bootstrap-orders",
            default="1",
            help="Markov orders that get intervals too (default 1; higher orders cost more)",
        )
        analyze.add_argument("--seed", type=int, default=0, help="seed of the bootstrap and Shapley sampling")
        analyze.add_argument("--top", type=int, default=100, help="variants to keep in the result (default 100)")
        analyze.add_argument("--workspace", help="match channels to this workspace's touchpoints and keep the result")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] != "analyze":
            raise CommandError("unknown action; use: journeys analyze LOG --map ...")
        started = time.perf_counter()
        verbosity = int(options.get("verbosity", 1))

        def progress(message: str) -> None:
            if verbosity > 0:
                self.stderr.write(f"[{time.perf_counter() - started:7.1f} s] {message}")
                self.stderr.flush()

        try:
            columns = parse_column_map(options["column_map"])
        except LogError as exc:
            raise CommandError(f"--map: {exc}") from exc
        analysis_options = parse_options(options)
        filters = Filters(
            segments=tuple(options["segment"]),
            since=parse_moment(options["since"], "--since"),
            until=parse_moment(options["until"], "--until", end_of_day=True),
        )
        workspace, touchpoints = (None, None)
        if options.get("workspace"):
            workspace, touchpoints = workspace_touchpoints(options["workspace"])
        try:
            result = analyze_log(
                options["log"],
                columns,
                fmt=options["log_format"],
                engine=options["engine"],
                master=options["master"],
                filters=filters,
                options=analysis_options,
                touchpoints=touchpoints,
                progress=progress,
            )
        except LogError as exc:
            raise CommandError(str(exc)) from exc
        json_path = options.get("json_path")
        if json_path == "-":
            sys.stdout.write(result.to_json() + "\n")
        else:
            if json_path:
                with open(json_path, "w", encoding="utf-8") as handle:
                    handle.write(result.to_json())
                progress(f"result written to {json_path}")
            self.stdout.write(summary_text(result))
        if workspace is not None:
            where = workspace_store_analysis(
                workspace,
                result,
                log=options["log"],
                options={
                    "source_format": result.source.get("format", ""),
                    "columns": columns.as_dict(),
                    "engine": options["engine"],
                    "filters": filters.as_dict(),
                },
            )
            progress(where)


def summary_text(result: AnalysisResult, top: int = 10) -> str:
    """A few lines for a person: totals, top variants, and each channel under the main models."""
    s = result.summary
    lines = [
        f"{s.events} events, {s.journeys} journeys, {s.conversions} conversions "
        f"({s.conversion_rate:.1%}), value {s.value:.2f}, {s.channels} channels, {s.distinct_paths} distinct paths",
        "",
        "Most frequent paths:",
    ]
    for variant in result.variants[:top]:
        lines.append(f"  {variant.journeys:>9}  {variant.conversion_rate:6.1%}  {' > '.join(variant.path)}")
    models = [m.key for m in result.models if m.key in ("last_touch", "linear", "markov_1", "shapley")]
    lines += ["", "Conversions attributed:  " + "  ".join(f"{m:>12}" for m in models)]
    table = {m: result.attribution_table(m) for m in models}
    ranking = sorted(
        result.channels,
        key=lambda c: (
            -(
                table.get("markov_1", {}).get(c.channel).conversions  # type: ignore[union-attr]
                if "markov_1" in table
                else c.events
            )
        ),
    )
    for channel in ranking[:top]:
        cells = "  ".join(f"{table[m][channel.channel].conversions:12.1f}" for m in models)
        lines.append(f"  {channel.channel[:22]:<22}  {cells}")
    if result.matching is not None and result.matching.candidates:
        lines += ["", "Channels not in the inventory (candidates to add): " + ", ".join(result.matching.candidates)]
    return "\n".join(lines)
