"""Writes of journey analytics: start a run from an uploaded log, execute it (the background
task), keep a result (also from the command line), add unmatched channels to the inventory.

A log is validated in full before a run is created, so a refused log stores nothing; a run that
fails later keeps only its status and error (no result, no attribution rows, no kept log).
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import logging
import os
import shutil
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from touchpoints.analytics.choices import RunStatus
from touchpoints.analytics.engine import AnalysisOptions, AnalysisResult, ColumnMap, Filters, LogError, analyze_log
from touchpoints.analytics.engine.analysis import open_engine
from touchpoints.analytics.engine.matching import match_channels
from touchpoints.analytics.engine.messages import localize
from touchpoints.analytics.models import AnalysisRun, Attribution
from touchpoints.analytics.uploads import StagedLog, kept_delete, kept_path, logs_dir, staged_discard, staged_keep
from touchpoints.inventory import choices as inventory_choices
from touchpoints.inventory.models import Touchpoint
from touchpoints.inventory.selectors import touchpoint_lookup
from touchpoints.inventory.services import touchpoint_create
from touchpoints.lib import jobs
from touchpoints.lib.freshness import workspace_touched
from touchpoints.workspaces.models import Workspace

logger = logging.getLogger(__name__)

FIELDS = ("customer", "timestamp", "touchpoint", "conversion", "value", "segment")
REQUIRED = ("customer", "timestamp", "touchpoint", "conversion")
MARKOV_ORDERS = (1, 2, 3)
MAX_BOOTSTRAP = 1000
PROGRESS_LINES = 40

DEFAULT_OPTIONS: dict[str, Any] = {
    "markov_orders": [1, 2, 3],
    "half_life_days": 7.0,
    "bootstrap": 100,
    "confidence": 0.95,
    "by_segment": True,
    "seed": 0,
}


# ---- checking what a run is asked to do ----------------------------------------------------


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
            close = difflib.get_close_matches(column, names, n=1, cutoff=0.6)
            if close:
                message = _(
                    "The log has no column “%(column)s” (did you mean “%(close)s”?); its columns are: %(columns)s."
                ) % {"column": column, "close": close[0], "columns": ", ".join(names)}
            else:
                message = _("The log has no column “%(column)s”; its columns are: %(columns)s.") % {
                    "column": column,
                    "columns": ", ".join(names),
                }
            errors.setdefault(field_name, []).append(message)
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


def clean_options(options: Mapping[str, Any] | None) -> dict[str, Any]:
    merged = {**DEFAULT_OPTIONS, **{k: v for k, v in (options or {}).items() if v is not None}}
    unknown = set(merged) - set(DEFAULT_OPTIONS)
    if unknown:
        raise ValidationError({"options": _("Unknown options: %(names)s") % {"names": ", ".join(sorted(unknown))}})
    try:
        orders = sorted({int(k) for k in merged["markov_orders"]})
        half_life = float(merged["half_life_days"])
        bootstrap = int(merged["bootstrap"])
        confidence = float(merged["confidence"])
        seed = int(merged["seed"])
    except (TypeError, ValueError) as exc:
        raise ValidationError({"options": _("Options must be numbers.")}) from exc
    errors: dict[str, str] = {}
    if any(k not in MARKOV_ORDERS for k in orders):
        errors["markov_orders"] = _("Markov orders are 1, 2 or 3.")
    if not 0 < half_life <= 3650:
        errors["half_life_days"] = _("The half-life is between a fraction of a day and 3650 days.")
    if not 0 <= bootstrap <= MAX_BOOTSTRAP:
        errors["bootstrap"] = _("Between 0 and %(max)s replicates.") % {"max": MAX_BOOTSTRAP}
    if not 0.5 <= confidence < 1:
        errors["confidence"] = _("The confidence level is between 0.5 and 0.99.")
    if errors:
        raise ValidationError(errors)
    return {
        "markov_orders": orders,
        "half_life_days": half_life,
        "bootstrap": bootstrap,
        "confidence": confidence,
        "by_segment": bool(merged["by_segment"]),
        "seed": seed,
    }


def clean_filters(filters: Mapping[str, Any] | None, *, segment_values: list[str] | None = None) -> dict[str, Any]:
    """Segments (a list of values of the log's segment column) and a period of whole days, both
    ends included: ``since`` and ``until`` as ISO dates."""
    filters = filters or {}
    segments = [str(s).strip() for s in (filters.get("segments") or []) if str(s).strip()]
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


def engine_options(options: Mapping[str, Any]) -> AnalysisOptions:
    return AnalysisOptions(
        markov_orders=tuple(options["markov_orders"]),
        half_life_seconds=float(options["half_life_days"]) * 86400.0,
        bootstrap=int(options["bootstrap"]),
        confidence=float(options["confidence"]),
        seed=int(options["seed"]),
        by_segment=bool(options["by_segment"]),
    )


def column_map(columns: Mapping[str, Any]) -> ColumnMap:
    return ColumnMap(**{k: columns.get(k) for k in FIELDS})


def check_log(*, path: str, fmt: str, columns: Mapping[str, Any]) -> tuple[int, list[str]]:
    """Read and validate the whole log as the engine will; returns (rows, segment values).
    A bad log raises ValidationError with the engine's message naming the row and column."""
    runner = open_engine("duckdb")
    try:
        rows = runner.load(path, column_map(columns), fmt)
        segments = runner.segment_values() if columns.get("segment") else []
    except LogError as exc:
        field_name = _field_of(exc, columns)
        raise ValidationError({field_name: localized(exc.message)}) from exc
    finally:
        runner.close()
    return rows, segments


def _field_of(exc: LogError, columns: Mapping[str, Any]) -> str:
    for field_name in FIELDS:
        if exc.column and columns.get(field_name) == exc.column:
            return field_name
    return "file"


# ---- runs ----------------------------------------------------------------------------------


def available_engines() -> list[str]:
    engines = ["duckdb"]
    try:
        import importlib.util

        if importlib.util.find_spec("pyspark") and importlib.util.find_spec(
            "touchpoints.analytics.engine.aggregate_spark"
        ):
            engines.append("spark")
    except (ImportError, ValueError):
        pass
    return engines


def run_start(
    *,
    workspace: Workspace,
    staged: StagedLog,
    columns: Mapping[str, Any],
    created_by: Any = None,
    name: str = "",
    engine: str = "duckdb",
    options: Mapping[str, Any] | None = None,
    filters: Mapping[str, Any] | None = None,
    available_columns: Iterable[str] | None = None,
) -> AnalysisRun:
    """Validate the staged log in full and queue its analysis. On any fault nothing is kept (the
    staged file stays for another try at the mapping). Enqueue with :func:`run_enqueue`."""
    if staged.workspace_id != workspace.pk:
        raise ValidationError({"file": _("The uploaded log belongs to another workspace.")})
    if engine not in available_engines():
        raise ValidationError({"engine": _("The engine “%(engine)s” is not installed here.") % {"engine": engine}})
    cleaned_columns = clean_columns(columns, available_columns)
    cleaned_options = clean_options(options)
    if not cleaned_columns.get("segment"):
        cleaned_options["by_segment"] = False
    rows, segment_values = check_log(path=str(staged.path), fmt=staged.format, columns=cleaned_columns)
    cleaned_filters = clean_filters(filters, segment_values=segment_values if cleaned_columns.get("segment") else [])
    with transaction.atomic():
        run = AnalysisRun.objects.create(
            workspace=workspace,
            created_by=created_by,
            name=(name or "").strip()[:200] or staged.name,
            source_name=staged.name,
            source_format=staged.format,
            source_size=staged.size,
            source_rows=rows,
            columns=cleaned_columns,
            engine=engine,
            options=cleaned_options,
            filters=cleaned_filters,
            segment_values=segment_values[:500],
            status=RunStatus.QUEUED,
            progress=_("Queued: waiting for a worker."),
            language=translation.get_language() or "",
        )
        run.log_file = staged_keep(staged, run_id=run.pk)
        run.save(update_fields=["log_file"])
    return run


def run_rerun(
    *,
    run: AnalysisRun,
    created_by: Any = None,
    filters: Mapping[str, Any] | None = None,
    options: Mapping[str, Any] | None = None,
    name: str = "",
) -> AnalysisRun:
    """A new run of the same kept log with other filters (and options)."""
    source = kept_path(run.log_file)
    if source is None:
        raise ValidationError(
            _(
                "The log of this run is not kept here (it came from the command line, or was "
                "deleted); run the analysis again from the log."
            )
        )
    cleaned_options = clean_options({**run.options, **(options or {})})
    if not run.columns.get("segment"):
        cleaned_options["by_segment"] = False
    cleaned_filters = clean_filters(filters, segment_values=run.segment_values if run.columns.get("segment") else [])
    label = (name or "").strip()[:200] or _describe_filters(run.name, cleaned_filters)
    with transaction.atomic():
        new = AnalysisRun.objects.create(
            workspace=run.workspace,
            created_by=created_by,
            name=label[:200],
            source_name=run.source_name,
            source_format=run.source_format,
            source_size=run.source_size,
            source_rows=run.source_rows,
            columns=run.columns,
            engine=run.engine,
            options=cleaned_options,
            filters=cleaned_filters,
            segment_values=run.segment_values,
            status=RunStatus.QUEUED,
            rerun_of=run,
            progress=_("Queued: waiting for a worker."),
            language=translation.get_language() or "",
        )
        copy_name = f"run-{new.pk}-{os.path.basename(source.name).split('-', 2)[-1]}"
        target = logs_dir() / copy_name
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)
        new.log_file = copy_name
        new.save(update_fields=["log_file"])
    return new


def _describe_filters(name: str, filters: Mapping[str, Any]) -> str:
    parts = []
    if filters.get("segments"):
        parts.append(", ".join(filters["segments"]))
    if filters.get("since") or filters.get("until"):
        parts.append(f"{filters.get('since') or '…'} – {filters.get('until') or '…'}")
    return f"{name} ({'; '.join(parts)})" if parts else name


def run_enqueue(run: AnalysisRun) -> AnalysisRun:
    """Hand the run to the task backend (the immediate backend runs it before returning). Call
    outside a transaction, so that a worker of the database backend sees the run."""
    from touchpoints.analytics.tasks import run_analysis

    try:
        task_result = run_analysis.enqueue(run.pk)
    except Exception as exc:  # a misconfigured backend must not leave the run queued for ever
        logger.exception("could not enqueue analysis run %s", run.pk)
        _fail(run.pk, _("The analysis could not be queued: %(error)s") % {"error": exc})
    else:
        AnalysisRun.objects.filter(pk=run.pk).update(task_id=str(task_result.id)[:64])
    run.refresh_from_db()
    return run


@transaction.atomic
def run_cancel(*, run: AnalysisRun) -> AnalysisRun:
    """Cancel a queued run at once; ask a running one to stop (it does between the engine's
    steps; a run whose worker died is marked failed instead). Finished runs are left as they are."""
    queued = AnalysisRun.objects.filter(pk=run.pk, status=RunStatus.QUEUED).update(
        status=RunStatus.CANCELLED, finished_at=timezone.now(), progress=_("Cancelled before it started.")
    )
    if queued:
        pass
    elif AnalysisRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).exists():
        jobs.request_cancel(AnalysisRun, run.pk)
    else:
        raise ValidationError(_("Only a queued or running analysis can be cancelled."))
    run.refresh_from_db()
    return run


def run_retry(*, run: AnalysisRun) -> AnalysisRun:
    """Queue a failed or cancelled run again, on its kept log. Enqueue with :func:`run_enqueue`."""
    if not run.can_retry:
        raise ValidationError(
            _(
                "Only a failed or cancelled analysis whose log is still kept can run again; "
                "upload the log again instead."
            )
        )
    updated = AnalysisRun.objects.filter(pk=run.pk, status__in=[RunStatus.FAILED, RunStatus.CANCELLED]).update(
        status=RunStatus.QUEUED,
        error="",
        result=None,
        started_at=None,
        finished_at=None,
        heartbeat_at=None,
        cancel_requested=False,
        progress=_("Queued again: waiting for a worker."),
        language=translation.get_language() or run.language,
    )
    if not updated:
        raise ValidationError(
            _(
                "Only a failed or cancelled analysis whose log is still kept can run again; "
                "upload the log again instead."
            )
        )
    run.refresh_from_db()
    return run


def _fail(run_id: int, message: str) -> None:
    run = AnalysisRun.objects.filter(pk=run_id).first()
    if run is None:
        return
    with transaction.atomic():
        Attribution.objects.filter(run_id=run_id).delete()
        AnalysisRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED, error=message[:4000], result=None, finished_at=timezone.now(), log_file=""
        )
    kept_delete(run.log_file)


def localized(message: object) -> str:
    """An engine message (progress, error) in the active language."""
    return localize(message, _)


def run_execute(*, run_id: int) -> str:
    """The background task's body: analyse the kept log, store the result or the error, writing
    progress and errors in the language of the person who started the run."""
    run = AnalysisRun.objects.select_related("workspace").filter(pk=run_id).first()
    if run is None:
        return "missing"
    with translation.override(run.language or settings.LANGUAGE_CODE):
        return _run_execute(run)


def _run_execute(run: AnalysisRun) -> str:
    run_id = run.pk
    if run.status != RunStatus.QUEUED:
        return str(run.status)  # a retried task does not run twice
    claimed = AnalysisRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, started_at=timezone.now(), heartbeat_at=timezone.now(), progress=_("Started.")
    )
    if not claimed:
        return "taken"
    with jobs.lease(AnalysisRun, run_id) as held:
        try:
            return _analyse(run, held)
        except jobs.JobCancelled:
            _cancelled(run_id)
            return "cancelled"


def _cancelled(run_id: int) -> None:
    """A cancelled run keeps its log (it can be retried) and nothing of a result."""
    with transaction.atomic():
        Attribution.objects.filter(run_id=run_id).delete()
        run = AnalysisRun.objects.select_for_update().get(pk=run_id)
        lines = [*run.progress_lines, _("Cancelled.")]
        AnalysisRun.objects.filter(pk=run_id).update(
            status=RunStatus.CANCELLED,
            result=None,
            finished_at=timezone.now(),
            cancel_requested=False,
            progress="\n".join(lines[-PROGRESS_LINES:]),
        )


def _analyse(run: AnalysisRun, held: jobs.Lease) -> str:
    run_id = run.pk
    lines: list[str] = [_("Started.")]

    def progress(message: str) -> None:
        """The engine's progress hook: written for the page, a heartbeat, and the place where a
        cancel takes effect (between the engine's steps)."""
        lines.append(localized(message))
        AnalysisRun.objects.filter(pk=run_id).update(progress="\n".join(lines[-PROGRESS_LINES:]))
        held.check()

    path = kept_path(run.log_file)
    if path is None:
        _fail(run_id, _("The log file of this run is gone; upload it again."))
        return "failed"
    refs = _workspace_refs(run.workspace_id)
    try:
        result = analyze_log(
            str(path),
            column_map(run.columns),
            fmt=run.source_format or None,
            engine=run.engine,
            filters=engine_filters(run.filters),
            options=engine_options(run.options),
            touchpoints=refs,
            progress=progress,
        )
        if result.summary.events == 0:
            raise LogError(_("No event of the log is left after the filters; widen the period or the segments."))
        data = result_dict(result)
        progress(_("Saving the result."))
        with transaction.atomic():
            _store_result(run, data)
    except LogError as exc:
        _fail(run_id, localized(exc.message))
        return "failed"
    except jobs.JobCancelled:
        raise
    except Exception as exc:  # noqa: BLE001 — any crash must end the run, not leave it running
        logger.exception("analysis run %s failed", run_id)
        _fail(run_id, _("The analysis stopped with an error: %(error)s") % {"error": f"{type(exc).__name__}: {exc}"})
        return "failed"
    return "done"


def result_dict(result: AnalysisResult | Mapping[str, Any]) -> dict[str, Any]:
    """A plain JSON-safe dict of the engine's result."""
    if isinstance(result, AnalysisResult):
        return json.loads(result.to_json(indent=None))
    try:
        return json.loads(json.dumps(result, allow_nan=False, default=_plain))
    except (TypeError, ValueError) as exc:
        raise ValidationError({"result": _("The result is not valid JSON: %(error)s") % {"error": exc}}) from exc


def _plain(value: object) -> object:
    for kind in (int, float, str):
        try:
            return kind(value)  # type: ignore[call-overload]
        except (TypeError, ValueError):
            continue
    raise TypeError(type(value).__name__)


def _check_result(data: Mapping[str, Any]) -> None:
    needed = ("summary", "channels", "variants", "transitions", "attribution", "models")
    missing = [key for key in needed if key not in data]
    if missing:
        raise ValidationError(
            {"result": _("Not an analysis result: it lacks %(keys)s.") % {"keys": ", ".join(missing)}}
        )
    if data.get("schema_version", 1) != 1:
        raise ValidationError({"result": _("Unknown result version %(v)s.") % {"v": data.get("schema_version")}})


def _workspace_refs(workspace_id: int) -> list[tuple[int, str, str]]:
    return touchpoint_lookup(workspace_id=workspace_id).refs()


def _ensure_matching(data: dict[str, Any], workspace_id: int) -> dict[str, int]:
    """Channel → touchpoint id in this workspace. The engine's matching is kept when it names only
    this workspace's touchpoints; otherwise (or when absent) the channels are matched here."""
    refs = _workspace_refs(workspace_id)
    ids = {ref[0] for ref in refs}
    matching = data.get("matching")
    valid = isinstance(matching, dict) and all(
        isinstance(m, dict) and m.get("touchpoint_id") in ids for m in matching.get("matched", [])
    )
    if not valid:
        channels = [c["channel"] for c in data.get("channels", [])]
        match = match_channels(channels, refs)
        matching = {
            "matched": [
                {"channel": c, "touchpoint_id": t, "by": match.matched_by[c]} for c, t in match.matched.items()
            ],
            "candidates": list(match.candidates),
        }
        data["matching"] = matching
    mapping = {m["channel"]: int(m["touchpoint_id"]) for m in matching["matched"]}
    _apply_matching(data, mapping)
    return mapping


def _apply_matching(data: dict[str, Any], mapping: Mapping[str, int]) -> None:
    for part in [data, *[s.get("result", {}) for s in data.get("segments") or []]]:
        for stats in part.get("channels", []):
            stats["touchpoint_id"] = mapping.get(stats["channel"])


def _attribution_rows(run: AnalysisRun, data: Mapping[str, Any], mapping: Mapping[str, int]) -> list[Attribution]:
    rows: list[Attribution] = []
    parts = [("", data)] + [
        (str(s.get("segment", ""))[:200], s.get("result") or {}) for s in data.get("segments") or []
    ]
    for segment, part in parts:
        for row in part.get("attribution", []):
            rows.append(
                Attribution(
                    run=run,
                    segment=segment,
                    channel=str(row["channel"])[:300],
                    touchpoint_id=mapping.get(row["channel"]),
                    model=str(row["model"])[:40],
                    conversions=float(row.get("conversions") or 0.0),
                    share=float(row.get("share") or 0.0),
                    value=float(row.get("value") or 0.0),
                    ci_low=row.get("conversions_low"),
                    ci_high=row.get("conversions_high"),
                    value_low=row.get("value_low"),
                    value_high=row.get("value_high"),
                )
            )
    return rows


def _store_result(run: AnalysisRun, data: dict[str, Any]) -> None:
    _check_result(data)
    mapping = _ensure_matching(data, run.workspace_id)
    summary = data.get("summary") or {}
    run.result = data
    run.journeys = summary.get("journeys")
    run.conversions = summary.get("conversions")
    run.channel_count = summary.get("channels")
    run.status = RunStatus.DONE
    run.error = ""
    run.finished_at = timezone.now()
    run.save(update_fields=["result", "journeys", "conversions", "channel_count", "status", "error", "finished_at"])
    Attribution.objects.filter(run=run).delete()
    Attribution.objects.bulk_create(_attribution_rows(run, data, mapping), batch_size=1000)
    workspace_touched(run.workspace_id)  # the home's analytics widget (the worker stores it, not a request)


@transaction.atomic
def analysis_store(
    *,
    workspace: Workspace,
    result: AnalysisResult | Mapping[str, Any],
    created_by: Any = None,
    source_name: str,
    source_format: str = "",
    source_size: int | None = None,
    name: str = "",
    columns: Mapping[str, Any] | None = None,
    engine: str | None = None,
    options: Mapping[str, Any] | None = None,
    filters: Mapping[str, Any] | None = None,
) -> AnalysisRun:
    """Keep a finished analysis with the workspace (the command line's ``--workspace``): the run,
    its whole result and an attribution row per model, channel and segment, channels matched to
    the workspace's touchpoints."""
    data = result_dict(result)
    _check_result(data)
    source = data.get("source") or {}
    if source_size is None and os.path.isfile(source_name):
        source_size = os.path.getsize(source_name)
    now = timezone.now()
    fmt = source_format or str(source.get("format") or "")
    run = AnalysisRun.objects.create(
        workspace=workspace,
        created_by=created_by,
        name=(name or "").strip()[:200] or os.path.basename(source_name)[:200] or _("Analysis"),
        source_name=os.path.basename(source_name)[:255],
        source_format=fmt if fmt in ("csv", "parquet", "jsonl") else "",
        source_size=source_size,
        source_rows=source.get("rows"),
        columns=dict(columns if columns is not None else source.get("columns") or {}),
        engine=engine or str(data.get("engine") or "duckdb"),
        options=dict(options if options is not None else data.get("parameters") or {}),
        filters=dict(filters if filters is not None else data.get("filters") or {}),
        segment_values=[str(s.get("segment")) for s in data.get("segments") or []],
        status=RunStatus.RUNNING,
        started_at=now,
    )
    _store_result(run, data)
    return run


@transaction.atomic
def run_delete(*, run: AnalysisRun) -> None:
    log_file = run.log_file
    run.delete()
    transaction.on_commit(lambda: kept_delete(log_file))


def staged_drop(staged: StagedLog) -> None:
    staged_discard(staged)


# ---- candidates: channels of the log that the inventory lacks ------------------------------


@transaction.atomic
def candidates_add(*, run: AnalysisRun, channels: Iterable[str], created_by: Any = None) -> list[Touchpoint]:
    """Add channels the log has and the inventory lacks as touchpoints (the own brand has them:
    customers use them), and link this run's attribution to them. A channel that meanwhile
    matches a touchpoint (by code or name) is linked to it instead of being added twice."""
    run = AnalysisRun.objects.select_for_update().select_related("workspace").get(pk=run.pk)
    if run.status != RunStatus.DONE or not run.result:
        raise ValidationError(_("The analysis has not finished."))
    wanted = list(dict.fromkeys(str(c) for c in channels))
    if not wanted:
        raise ValidationError({"channels": _("Choose at least one channel to add.")})
    data = run.result
    matching = data.get("matching") or {"matched": [], "candidates": []}
    candidates = list(matching.get("candidates") or [])
    unknown = [c for c in wanted if c not in candidates]
    if unknown:
        raise ValidationError(
            {"channels": _("“%(channel)s” is not an unmatched channel of this analysis.") % {"channel": unknown[0]}}
        )
    workspace = run.workspace
    refs = _workspace_refs(workspace.pk)
    existing = match_channels(wanted, refs)
    own = workspace.brands.filter(is_own=True).order_by("pk").first()
    used_codes = {code for _, _, code in refs if code}
    stats = {c["channel"]: c for c in data.get("channels", [])}
    added: list[Touchpoint] = []
    linked: dict[str, int] = {}
    for channel in wanted:
        if channel in existing.matched:
            linked[channel] = int(existing.matched[channel])  # type: ignore[arg-type]
            continue
        code = slugify(channel)[:80].strip("-")
        if not code or code in used_codes:
            code = ""
        used_codes.add(code)
        row = stats.get(channel, {})
        events, journeys = row.get("events", 0), row.get("journeys", 0)
        note = _(
            "Found in the interaction log “%(source)s” (analysis “%(run)s”, %(date)s): %(touches)s in %(journeys)s."
        ) % {
            "source": run.source_name,
            "run": run.name,
            "date": (run.finished_at or timezone.now()).date().isoformat(),
            "touches": ngettext("%(n)s touch", "%(n)s touches", events) % {"n": events},
            "journeys": ngettext("%(n)s journey", "%(n)s journeys", journeys) % {"n": journeys},
        }
        touchpoint = touchpoint_create(
            workspace=workspace,
            name=channel.strip()[:200],
            code=code,
            notes=note,
            created_by=created_by,
            presence={own.pk: inventory_choices.PresenceStatus.EXISTS} if own else None,
        )
        added.append(touchpoint)
        linked[channel] = touchpoint.pk
    matched = [m for m in matching.get("matched", []) if m["channel"] not in linked]
    matched += [{"channel": c, "touchpoint_id": t, "by": "added"} for c, t in linked.items()]
    data["matching"] = {"matched": matched, "candidates": [c for c in candidates if c not in linked]}
    mapping = {m["channel"]: int(m["touchpoint_id"]) for m in matched}
    _apply_matching(data, mapping)
    run.result = data
    run.save(update_fields=["result"])
    for channel, touchpoint_id in linked.items():
        Attribution.objects.filter(run=run, channel=channel).update(touchpoint_id=touchpoint_id)
    return added
