"""Keeping a finished analysis: the engine's result checked and made JSON-safe, its channels
matched to the workspace's touchpoints; the result is the one place its attribution is kept. Also the command
line's ``--workspace``, which keeps a result computed outside the web app."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from touchpoints.analytics.choices import LogFormat, RunStatus
from touchpoints.analytics.engine import AnalysisResult
from touchpoints.analytics.models import AnalysisRun
from touchpoints.analytics.services.matching import ensure_matching
from touchpoints.lib import freshness
from touchpoints.workspaces.models import Workspace

RESULT_KEYS = ("summary", "channels", "variants", "transitions", "attribution", "models")


def result_dict(result: AnalysisResult | Mapping[str, Any]) -> dict[str, Any]:
    """A plain JSON-safe dict of the engine's result."""
    if isinstance(result, AnalysisResult):
        data: dict[str, Any] = json.loads(result.to_json(indent=None))
        return data
    try:
        plain: dict[str, Any] = json.loads(json.dumps(result, allow_nan=False, default=_plain))
    except (TypeError, ValueError) as exc:
        raise ValidationError({"result": _("The result is not valid JSON: %(error)s") % {"error": exc}}) from exc
    return plain


def _plain(value: object) -> object:
    """numpy scalars and the like: as the first of int, float, str that takes them."""
    kinds: tuple[Any, ...] = (int, float, str)
    for kind in kinds:
        try:
            return kind(value)
        except (TypeError, ValueError):
            continue
    raise TypeError(type(value).__name__)


def check_result(data: Mapping[str, Any]) -> None:
    missing = [key for key in RESULT_KEYS if key not in data]
    if missing:
        raise ValidationError(
            {"result": _("Not an analysis result: it lacks %(keys)s.") % {"keys": ", ".join(missing)}}
        )
    if data.get("schema_version", 1) != 1:
        raise ValidationError({"result": _("Unknown result version %(v)s.") % {"v": data.get("schema_version")}})


def store_result(run: AnalysisRun, data: dict[str, Any]) -> None:
    """Mark the run done with this result (call inside a transaction)."""
    check_result(data)
    ensure_matching(data, run.workspace_id)
    summary = data.get("summary") or {}
    run.result = data
    run.journeys = summary.get("journeys")
    run.conversions = summary.get("conversions")
    run.channel_count = summary.get("channels")
    run.status = RunStatus.DONE
    run.error = ""
    run.finished_at = timezone.now()
    run.save(update_fields=["result", "journeys", "conversions", "channel_count", "status", "error", "finished_at"])
    # The home's analytics widget: the worker stores the result, not a request the middleware sees.
    freshness.bump(run.workspace_id, freshness.HOME)


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
    its whole result (with the attribution of every model, channel and segment), channels matched
    to the workspace's touchpoints."""
    data = result_dict(result)
    check_result(data)
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
        source_format=fmt if fmt in LogFormat.values else "",
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
    store_result(run, data)
    return run
