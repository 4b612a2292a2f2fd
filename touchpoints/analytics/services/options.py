"""What a run is asked to do, checked in one place: the column mapping, the options and the
filters. The page's form, the API and the command line hand their raw values (text or typed) to
these functions, so that each option has one parser and one set of limits.

The log's fields are the engine's (``engine.io``); this module only reads them.
"""

from __future__ import annotations

import datetime as dt
import difflib
import importlib.util
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from touchpoints.analytics.engine import AnalysisOptions, ColumnMap, Filters, LogError
from touchpoints.analytics.engine.aggregate_duckdb import DuckDBEngine
from touchpoints.analytics.engine.io import ALL_FIELDS, REQUIRED_FIELDS
from touchpoints.analytics.engine.messages import localize

FIELDS = ALL_FIELDS
REQUIRED = REQUIRED_FIELDS
MARKOV_ORDERS = (1, 2, 3)
MAX_BOOTSTRAP = 1000
MAX_HALF_LIFE_DAYS = 3650

DEFAULT_OPTIONS: dict[str, Any] = {
    "markov_orders": [1, 2, 3],
    "half_life_days": 7.0,
    "bootstrap": 100,
    "confidence": 0.95,
    "by_segment": True,
    "seed": 0,
}
OPTION_NAMES = tuple(DEFAULT_OPTIONS)
_TRUE = ("1", "true", "yes", "on", "y", "t")


def localized(message: object) -> str:
    """An engine message (progress, error) in the active language."""
    return localize(message, _)


def available_engines() -> list[str]:
    engines = ["duckdb"]
    try:
        if importlib.util.find_spec("pyspark") and importlib.util.find_spec(
            "touchpoints.analytics.engine.aggregate_spark"
        ):
            engines.append("spark")
    except (ImportError, ValueError):
        pass
    return engines


# ---- the column mapping --------------------------------------------------------------------


def clean_columns(columns: Mapping[str, Any], available: Iterable[str] | None = None) -> dict[str, str | None]:
    """The column mapping with every required field present, each column used once and, when
    ``available`` is given, present in the log."""
    unknown = [k for k in columns if k not in FIELDS]
    if unknown:
        raise ValidationError({"columns": _("Unknown log field “%(field)s”.") % {"field": unknown[0]}})
    out: dict[str, str | None] = {}
    errors: dict[str, list[str]] = {}
    names = list(available) if available is not None else None
    for field_name in FIELDS:
        column = (columns.get(field_name) or "").strip() or None
        if column is None and field_name in REQUIRED:
            errors.setdefault(field_name, []).append(_("Choose the column that holds this field."))
        elif column is not None and names is not None and column not in names:
            errors.setdefault(field_name, []).append(_missing_column(column, names))
        out[field_name] = column
    used: dict[str, str] = {}
    for field_name, column in out.items():
        if column is None:
            continue
        if column in used:
            errors.setdefault(field_name, []).append(
                _("Column “%(column)s” is already mapped to %(other)s.") % {"column": column, "other": used[column]}
            )
        used[column] = field_name
    if errors:
        raise ValidationError(errors)
    return out


def _missing_column(column: str, names: list[str]) -> str:
    close = difflib.get_close_matches(column, names, n=1, cutoff=0.6)
    if close:
        return _("The log has no column “%(column)s” (did you mean “%(close)s”?); its columns are: %(columns)s.") % {
            "column": column,
            "close": close[0],
            "columns": ", ".join(names),
        }
    return _("The log has no column “%(column)s”; its columns are: %(columns)s.") % {
        "column": column,
        "columns": ", ".join(names),
    }


def column_map(columns: Mapping[str, Any]) -> ColumnMap:
    values: dict[str, Any] = {k: columns.get(k) for k in FIELDS}  # the required ones: see clean_columns
    return ColumnMap(**values)


# ---- options -------------------------------------------------------------------------------


def clean_orders(value: Any) -> list[int]:
    """Markov orders from a list or from text such as ``1,2,3``; each 1, 2 or 3."""
    parts = value.split(",") if isinstance(value, str) else list(value or [])
    try:
        orders = sorted({int(str(k).strip()) for k in parts if str(k).strip()})
    except ValueError as exc:
        raise ValidationError({"markov_orders": _("Markov orders are 1, 2 or 3.")}) from exc
    if any(k not in MARKOV_ORDERS for k in orders):
        raise ValidationError({"markov_orders": _("Markov orders are 1, 2 or 3.")})
    return orders


def _flag(value: Any) -> bool:
    return value.strip().lower() in _TRUE if isinstance(value, str) else bool(value)


def clean_options(options: Mapping[str, Any] | None) -> dict[str, Any]:
    """The run's options, defaults filled in. The one check of every option, shared by the page's
    form, the API and the command line; values may be text (``"1,2"``, ``"7.5"``, ``"on"``)."""
    given = {k: v for k, v in (options or {}).items() if v is not None and v != ""}
    merged = {**DEFAULT_OPTIONS, **given}
    unknown = set(merged) - set(DEFAULT_OPTIONS)
    if unknown:
        raise ValidationError({"options": _("Unknown options: %(names)s") % {"names": ", ".join(sorted(unknown))}})
    errors: dict[str, list[str]] = {}
    try:
        orders = clean_orders(merged["markov_orders"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
        orders = []
    try:
        half_life = float(merged["half_life_days"])
        bootstrap = int(merged["bootstrap"])
        confidence = float(merged["confidence"])
        seed = int(merged["seed"])
    except (TypeError, ValueError) as exc:
        raise ValidationError({"options": _("Options must be numbers.")}) from exc
    if not 0 < half_life <= MAX_HALF_LIFE_DAYS:
        errors["half_life_days"] = [_("The half-life is between a fraction of a day and 3650 days.")]
    if not 0 <= bootstrap <= MAX_BOOTSTRAP:
        errors["bootstrap"] = [_("Between 0 and %(max)s replicates.") % {"max": MAX_BOOTSTRAP}]
    if not 0.5 <= confidence < 1:
        errors["confidence"] = [_("The confidence level is between 0.5 and 0.99.")]
    if errors:
        raise ValidationError(errors)
    return {
        "markov_orders": orders,
        "half_life_days": half_life,
        "bootstrap": bootstrap,
        "confidence": confidence,
        "by_segment": _flag(merged["by_segment"]),
        "seed": seed,
    }


def engine_options(options: Mapping[str, Any], **extra: Any) -> AnalysisOptions:
    """The engine's options from cleaned ones (``extra``: engine options the web does not set)."""
    return AnalysisOptions(
        markov_orders=tuple(options["markov_orders"]),
        half_life_seconds=float(options["half_life_days"]) * 86400.0,
        bootstrap=int(options["bootstrap"]),
        confidence=float(options["confidence"]),
        seed=int(options["seed"]),
        by_segment=bool(options["by_segment"]),
        **extra,
    )


# ---- filters -------------------------------------------------------------------------------


def clean_filters(filters: Mapping[str, Any] | None, *, segment_values: list[str] | None = None) -> dict[str, Any]:
    """Segments (a list of values of the log's segment column, or text separated by commas) and
    a period of whole days, both ends included: ``since`` and ``until`` as ISO dates."""
    filters = filters or {}
    raw = filters.get("segments") or []
    segments = [s.strip() for s in (raw.split(",") if isinstance(raw, str) else [str(s) for s in raw]) if s.strip()]
    since, until = _date(filters.get("since"), "since"), _date(filters.get("until"), "until")
    if since and until and since > until:
        raise ValidationError({"until": _("The end of the period is before its start.")})
    if segments and segment_values is not None:
        missing = [s for s in segments if s not in segment_values]
        if missing:
            raise ValidationError(
                {
                    "segments": _("The log has no segment “%(segment)s”; it has: %(values)s.")
                    % {"segment": missing[0], "values": ", ".join(segment_values) or "—"}
                }
            )
    return {
        "segments": segments,
        "since": since.isoformat() if since else None,
        "until": until.isoformat() if until else None,
    }


def _date(value: Any, field_name: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise ValidationError({field_name: _("Give a date as YYYY-MM-DD.")}) from exc


def engine_filters(filters: Mapping[str, Any]) -> Filters:
    """The engine's filters: ``until`` (a day included) becomes the next midnight, excluded."""
    since = _date(filters.get("since"), "since")
    until = _date(filters.get("until"), "until")
    utc = dt.UTC
    return Filters(
        segments=tuple(filters.get("segments") or ()),
        since=dt.datetime.combine(since, dt.time(), tzinfo=utc) if since else None,
        until=dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), tzinfo=utc) if until else None,
    )


# ---- the log, read in full once before a run is created ------------------------------------


@dataclass
class CheckedLog:
    rows: int
    segment_values: list[str]
    engine: DuckDBEngine

    def keep(self, path: Path) -> None:
        """Keep the events read for the run's analysis, which then does not read the log again."""
        self.engine.save(str(path))


@contextmanager
def checked_log(*, path: str, fmt: str, columns: Mapping[str, Any]) -> Iterator[CheckedLog]:
    """Read and validate the whole log as the engine will; yields its rows and segment values,
    with the events read (to keep for the analysis) until the block ends. A bad log raises
    ValidationError with the engine's message naming the row and column."""
    runner = DuckDBEngine()
    try:
        try:
            rows = runner.load(path, column_map(columns), fmt)
            segments = runner.segment_values() if columns.get("segment") else []
        except LogError as exc:
            raise ValidationError({_field_of(exc, columns): localized(exc.message)}) from exc
        yield CheckedLog(rows, segments, runner)
    finally:
        runner.close()


def _field_of(exc: LogError, columns: Mapping[str, Any]) -> str:
    for field_name in FIELDS:
        if exc.column and columns.get(field_name) == exc.column:
            return field_name
    return "file"
