"""The whole analysis: an engine's aggregates in, an :class:`AnalysisResult` out.

``analyze_log`` is the one entry point the command line, the API and the web page share:
read and validate the log on the chosen engine, aggregate (optionally per segment), then run
the descriptive statistics and the attribution models on the driver.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from .aggregates import DEFAULT_HALF_LIFE_SECONDS, Filters, JourneyAggregates, Progress
from .assembly import EventEngine
from .attribution import HEURISTIC_MODELS, Attribution
from .bootstrap import (
    Replicator,
    bootstrap_intervals,
    heuristic_replicators,
    model_replicator,
    simplified_shapley_replicator,
)
from .counterfactual import counterfactual_model, counterfactual_replicator
from .describe import describe, path_counts, ratio
from .io import ColumnMap, detect_format
from .markov import MarkovResult, markov_model, markov_replicator
from .matching import TouchpointRef, match_channels
from .messages import Text, gettext_noop
from .model_info import model_infos
from .result import (
    AnalysisResult,
    AttributionRow,
    CounterfactualSection,
    MarkovSection,
    MatchedChannel,
    MatchingSection,
    ShapleySection,
)
from .shapley import DEFAULT_PERMUTATIONS, MAX_EXACT_CHANNELS, ShapleyResult, shapley_model

# the incremental Shapley value reruns in full on each bootstrap replicate; beyond this many
# channels (2^n coalitions, or sampling) its interval is left out
BOOTSTRAP_INCREMENTAL_SHAPLEY_MAX = 12


@dataclass(frozen=True)
class AnalysisOptions:
    markov_orders: tuple[int, ...] = (1, 2, 3)
    half_life_seconds: float = DEFAULT_HALF_LIFE_SECONDS
    bootstrap: int = 0  # replicates for the confidence intervals; 0 = none
    bootstrap_markov_orders: tuple[int, ...] = (1,)  # higher orders cost one solve per channel per replicate
    confidence: float = 0.95
    seed: int = 0
    shapley_max_exact: int = MAX_EXACT_CHANNELS
    shapley_permutations: int = DEFAULT_PERMUTATIONS
    top_variants: int = 100
    by_segment: bool = False
    max_segments: int = 20

    def as_dict(self) -> dict[str, Any]:
        return {
            "markov_orders": list(self.markov_orders),
            "half_life_seconds": self.half_life_seconds,
            "bootstrap_replicates": self.bootstrap,
            "bootstrap_markov_orders": list(self.bootstrap_markov_orders),
            "confidence_level": self.confidence,
            "seed": self.seed,
            "shapley_max_exact_channels": self.shapley_max_exact,
            "shapley_permutations": self.shapley_permutations,
            "top_variants": self.top_variants,
        }


def open_engine(name: str = "duckdb", *, master: str | None = None, **kwargs: Any) -> EventEngine:
    """``duckdb`` (in-process, the default) or ``spark`` (pyspark, imported only here)."""
    if name == "duckdb":
        from .aggregate_duckdb import DuckDBEngine

        return DuckDBEngine(**kwargs)
    if name == "spark":
        from .aggregate_spark import SparkEngine

        return SparkEngine(master=master or "local[*]", **kwargs)
    raise ValueError(f"unknown engine {name!r}; use duckdb or spark")


def attribute(agg: JourneyAggregates, options: AnalysisOptions, progress: Progress | None = None) -> dict[str, Any]:
    """All attribution models, with bootstrap intervals when asked."""
    say = progress or (lambda _msg: None)
    paths = path_counts(agg)
    names = agg.channels
    results: dict[str, Attribution] = {key: model(paths) for key, model in HEURISTIC_MODELS.items()}
    markov_sections: list[MarkovSection] = []
    for k in options.markov_orders:
        say(Text(gettext_noop("Markov chain, order %(order)s"), order=k))
        mk: MarkovResult = markov_model(paths, k)
        results[f"markov_{k}"] = mk.attribution
        markov_sections.append(
            MarkovSection(
                order=k,
                conversion_probability=mk.conversion_probability,
                states=mk.n_states,
                removal_effects=dict(zip(names, map(float, mk.removal_effects))),
                value_removal_effects=dict(zip(names, map(float, mk.value_removal_effects))),
            )
        )
    say(Text(gettext_noop("Shapley values")))
    shapley_kwargs = {
        "max_exact": options.shapley_max_exact,
        "permutations": options.shapley_permutations,
        "seed": options.seed,
    }
    shapley_sections: list[ShapleySection] = []
    for key, game in (("shapley", "conversions"), ("shapley_incremental", "incremental")):
        sh: ShapleyResult = shapley_model(paths, game, **shapley_kwargs)  # type: ignore[arg-type]
        results[key] = sh.attribution
        shapley_sections.append(
            ShapleySection(
                game=sh.game,
                method=sh.method,
                values=dict(zip(names, map(float, sh.values))),
                value_values=dict(zip(names, map(float, sh.value_values))),
                standard_errors=None
                if sh.standard_errors is None
                else dict(zip(names, map(float, sh.standard_errors))),
                permutations=sh.permutations,
                seed=sh.seed,
            )
        )
    say(Text(gettext_noop("Counterfactual model")))
    cf = counterfactual_model(paths, level=options.confidence)
    results["counterfactual"] = cf.attribution
    counterfactual = CounterfactualSection.of(cf, names)
    intervals = {}
    if options.bootstrap > 0:
        say(Text(gettext_noop("Bootstrap, %(replicates)s replicates"), replicates=options.bootstrap))
        replicators: dict[str, Replicator] = heuristic_replicators(paths)
        for k in options.markov_orders:
            if k in options.bootstrap_markov_orders:
                replicators[f"markov_{k}"] = markov_replicator(paths, k)
        replicators["shapley"] = simplified_shapley_replicator(paths)
        if paths.n_channels <= BOOTSTRAP_INCREMENTAL_SHAPLEY_MAX:
            replicators["shapley_incremental"] = model_replicator(
                paths, lambda p: shapley_model(p, "incremental", **shapley_kwargs).attribution
            )
        replicators["counterfactual"] = counterfactual_replicator(paths, start=cf.theta)
        intervals = bootstrap_intervals(
            paths, replicators, options.bootstrap, seed=options.seed, level=options.confidence
        )
    total = paths.total_conversions
    rows: list[AttributionRow] = []
    for key, (conversions, value) in results.items():
        interval = intervals.get(key)
        for i, name in enumerate(names):
            rows.append(
                AttributionRow(
                    model=key,
                    channel=name,
                    conversions=float(conversions[i]),
                    value=float(value[i]),
                    share=ratio(conversions[i], total),
                    conversions_low=None if interval is None else float(interval.conversions_low[i]),
                    conversions_high=None if interval is None else float(interval.conversions_high[i]),
                    value_low=None if interval is None else float(interval.value_low[i]),
                    value_high=None if interval is None else float(interval.value_high[i]),
                )
            )
    return {
        "models": model_infos(options.markov_orders),
        "attribution": rows,
        "markov": markov_sections,
        "shapley": shapley_sections,
        "counterfactual": counterfactual,
    }


def analyze_aggregates(
    agg: JourneyAggregates,
    options: AnalysisOptions = AnalysisOptions(),
    *,
    engine: str = "duckdb",
    source: dict[str, Any] | None = None,
    filters: Filters = Filters(),
    touchpoints: Iterable[TouchpointRef] | None = None,
    progress: Progress | None = None,
) -> AnalysisResult:
    started = time.perf_counter()
    described = describe(agg, options.top_variants)
    attributed = attribute(agg, options, progress)
    matching = None
    if touchpoints is not None:
        match = match_channels(agg.channels, touchpoints)
        matching = MatchingSection(
            matched=[MatchedChannel(c, _plain_id(t), match.matched_by[c]) for c, t in match.matched.items()],
            candidates=match.candidates,
        )
        for stats in described["channels"]:
            if stats.channel in match.matched:
                stats.touchpoint_id = _plain_id(match.matched[stats.channel])
    return AnalysisResult(
        engine=engine,
        source=source or {},
        filters=filters.as_dict(),
        parameters=options.as_dict(),
        **described,
        **attributed,
        matching=matching,
        timings_seconds={"models": time.perf_counter() - started},
        generated_at=datetime.now(tz=UTC).isoformat(timespec="seconds"),
    )


def _plain_id(ident: object) -> int | str:
    return ident if isinstance(ident, int) else str(ident)


def analyze_log(
    path: str,
    columns: ColumnMap,
    *,
    fmt: str | None = None,
    engine: str = "duckdb",
    master: str | None = None,
    filters: Filters = Filters(),
    options: AnalysisOptions = AnalysisOptions(),
    touchpoints: Iterable[TouchpointRef] | None = None,
    progress: Progress | None = None,
    engine_options: dict[str, Any] | None = None,
    saved_events: str | None = None,
) -> AnalysisResult:
    """Read, validate and analyse a log file; raises :class:`~.errors.LogError` for a bad log.

    ``saved_events``: the log's events as a check already read them (``DuckDBEngine.save``);
    they are read instead of the log, which is then not read at all."""
    say = progress or (lambda _msg: None)
    log_format = detect_format(path, fmt)
    runner = open_engine(engine, master=master, **(engine_options or {}))
    touchpoint_list = list(touchpoints) if touchpoints is not None else None
    t0 = time.perf_counter()
    segment_aggregates: list[tuple[str, Filters, JourneyAggregates]] = []
    try:
        say(
            Text(
                gettext_noop("Reading %(name)s with the %(engine)s engine"),
                name=os.path.basename(str(path)),
                engine=engine,
            )
        )
        rows = runner.load_saved(saved_events) if saved_events else runner.load(path, columns, log_format)
        t1 = time.perf_counter()
        say(Text(gettext_noop("%(rows)s rows read"), rows=rows))
        agg = runner.aggregate(
            filters, half_life_seconds=options.half_life_seconds, top_variants=options.top_variants, progress=say
        )
        if options.by_segment:
            wanted = list(filters.segments) or runner.segment_values()
            for segment in wanted[: options.max_segments]:
                say(Text(gettext_noop("Aggregating segment %(segment)s"), segment=segment))
                seg_filters = Filters(segments=(segment,), since=filters.since, until=filters.until)
                segment_aggregates.append(
                    (
                        segment,
                        seg_filters,
                        runner.aggregate(
                            seg_filters, half_life_seconds=options.half_life_seconds, top_variants=options.top_variants
                        ),
                    )
                )
    finally:
        runner.close()  # the engine's memory goes before the models need theirs
    t2 = time.perf_counter()
    source = {"path": str(path), "format": log_format, "columns": columns.as_dict(), "rows": rows}
    result = analyze_aggregates(
        agg, options, engine=engine, source=source, filters=filters, touchpoints=touchpoint_list, progress=say
    )
    result.timings_seconds = {"read": t1 - t0, "aggregate": t2 - t1, **result.timings_seconds}
    for segment, seg_filters, seg_agg in segment_aggregates:
        say(Text(gettext_noop("Segment %(segment)s"), segment=segment))
        sub = analyze_aggregates(
            seg_agg, options, engine=engine, source=source, filters=seg_filters, touchpoints=touchpoint_list
        )
        sub_dict = sub.to_dict()
        for key in ("schema_version", "source", "engine", "segments", "generated_at"):
            sub_dict.pop(key, None)
        result.segments.append({"segment": segment, "result": sub_dict})
    result.timings_seconds["total"] = time.perf_counter() - t0
    return result
