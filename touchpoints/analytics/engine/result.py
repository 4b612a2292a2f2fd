"""The result of an analysis, and its JSON shape (``schema_version`` 1, see docs/analytics.md).

Every section is a list of flat records (or a small mapping) so that it exports as a table to
CSV or XLSX as well as to JSON. Numbers are plain floats and ints; times are ISO 8601 in UTC;
durations are seconds.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA_VERSION = 1


@dataclass
class Summary:
    events: int
    journeys: int
    conversions: int
    conversion_rate: float
    value: float
    channels: int
    distinct_paths: int
    first_event: str | None
    last_event: str | None


@dataclass
class ChannelStats:
    channel: str
    events: int  # touches at the channel
    journeys: int  # journeys that touched it at least once
    starts: int  # journeys that started there
    ends: int  # journeys whose last touch was there
    conversions: int  # converting journeys whose last (converting) touch was there
    drop_offs: int  # journeys that ended there without converting
    drop_off_rate: float  # drop_offs / events: P(the journey stops unconverted after a touch here)
    touchpoint_id: int | str | None = None


@dataclass
class Variant:
    path: list[str]
    journeys: int
    conversions: int
    conversion_rate: float
    value: float


@dataclass
class Transition:
    source: str
    target: str
    count: int
    median_seconds: float


@dataclass
class Endpoint:
    channel: str
    journeys: int


@dataclass
class PathLength:
    length: int
    journeys: int
    conversions: int


@dataclass
class HistogramBucket:
    bucket: str
    conversions: int


@dataclass
class TimeToConversionSection:
    conversions: int
    mean_seconds: float | None
    quantiles_seconds: dict[str, float | None]
    histogram: list[HistogramBucket]


@dataclass
class ModelInfo:
    key: str
    label: str
    definition: str
    reference: str


@dataclass
class AttributionRow:
    model: str
    channel: str
    conversions: float
    value: float
    share: float  # conversions / total conversions
    conversions_low: float | None = None  # bootstrap percentile interval, if computed
    conversions_high: float | None = None
    value_low: float | None = None
    value_high: float | None = None


@dataclass
class MarkovSection:
    order: int
    conversion_probability: float
    states: int
    removal_effects: dict[str, float]
    value_removal_effects: dict[str, float]


@dataclass
class ShapleySection:
    game: str
    method: str
    values: dict[str, float]
    value_values: dict[str, float]
    standard_errors: dict[str, float] | None
    permutations: int | None
    seed: int | None


@dataclass
class CounterfactualSection:
    """Expected conversions lost per channel if it were removed from every journey (may be
    negative; they do not add up to the conversions), with delta-method intervals."""

    lost: dict[str, float]
    low: dict[str, float]
    high: dict[str, float]
    coefficients: dict[str, float]  # log-odds effect of touching the channel
    intercept: float
    expected_conversions: float
    level: float

    @classmethod
    def of(cls, cf: Any, names: list[str]) -> CounterfactualSection:
        def named(values: Any) -> dict[str, float]:
            return {name: float(v) for name, v in zip(names, values)}

        return cls(
            named(cf.lost),
            named(cf.low),
            named(cf.high),
            named(cf.coefficients),
            float(cf.intercept),
            float(cf.expected),
            float(cf.level),
        )


@dataclass
class MatchedChannel:
    channel: str
    touchpoint_id: int | str
    by: str


@dataclass
class MatchingSection:
    matched: list[MatchedChannel]
    candidates: list[str]


@dataclass
class AnalysisResult:
    engine: str
    source: dict[str, Any]
    filters: dict[str, Any]
    parameters: dict[str, Any]
    summary: Summary
    channels: list[ChannelStats]
    variants: list[Variant]
    transitions: list[Transition]
    start_touchpoints: list[Endpoint]
    end_touchpoints: list[Endpoint]
    path_lengths: list[PathLength]
    time_to_conversion: TimeToConversionSection
    models: list[ModelInfo]
    attribution: list[AttributionRow]
    markov: list[MarkovSection]
    shapley: list[ShapleySection]
    matching: MatchingSection | None = None
    segments: list[dict[str, Any]] = field(default_factory=list)  # {"segment": name, "result": {...}}
    timings_seconds: dict[str, float] = field(default_factory=dict)
    generated_at: str = ""
    counterfactual: CounterfactualSection | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        return {"schema_version": SCHEMA_VERSION, **data}

    def to_json(self, *, indent: int | None = 1) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False, allow_nan=False, default=_plain)

    def attribution_table(self, model: str) -> dict[str, AttributionRow]:
        return {row.channel: row for row in self.attribution if row.model == model}


def _plain(value: object) -> object:
    """NumPy scalars and other numbers that json does not know."""
    for kind in (int, float, str):
        try:
            return kind(value)  # type: ignore[arg-type,call-overload]
        except (TypeError, ValueError):
            continue
    raise TypeError(f"cannot write {type(value).__name__} as JSON")
