"""A run's life outside its analysis: start it from an uploaded log (validated in full first, so
a refused log stores nothing; the events read then are kept for the analysis), repeat it with
other filters, cancel, retry, fail, delete. Enqueueing is the task module's
(``touchpoints.analytics.tasks.run_enqueue``)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from touchpoints.analytics.choices import RunStatus
from touchpoints.analytics.models import AnalysisRun
from touchpoints.analytics.services.options import (
    available_engines,
    checked_log,
    clean_columns,
    clean_filters,
    clean_options,
)
from touchpoints.analytics.uploads import (
    StagedLog,
    checked_events,
    kept_delete,
    kept_link,
    kept_path,
    staged_discard,
    staged_keep,
)
from touchpoints.lib import jobs
from touchpoints.lib.records import attributes
from touchpoints.workspaces.models import Workspace

# What a repeat takes over from the run it repeats (the same log, read the same way).
_KEPT_FROM_RUN = (
    "workspace",
    "source_name",
    "source_format",
    "source_size",
    "source_rows",
    "columns",
    "engine",
    "segment_values",
)

RETRY_REFUSED = gettext_noop(
    "Only a failed or cancelled analysis whose log is still kept can run again; upload the log again instead."
)


def _cleaned_options(options: Mapping[str, Any] | None, columns: Mapping[str, Any]) -> dict[str, Any]:
    cleaned = clean_options(options)
    if not columns.get("segment"):
        cleaned["by_segment"] = False
    return cleaned


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
    staged file stays for another try at the mapping). ``available_columns`` defaults to the
    columns seen when the log was staged. Enqueue with ``tasks.run_enqueue``."""
    if staged.workspace_id != workspace.pk:
        raise ValidationError({"file": _("The uploaded log belongs to another workspace.")})
    if engine not in available_engines():
        raise ValidationError({"engine": _("The engine “%(engine)s” is not installed here.") % {"engine": engine}})
    if available_columns is None and staged.preview is not None:
        available_columns = staged.preview.names
    cleaned_columns = clean_columns(columns, available_columns)
    cleaned_options = _cleaned_options(options, cleaned_columns)
    with checked_log(path=str(staged.path), fmt=staged.format, columns=cleaned_columns) as checked:
        rows, segment_values = checked.rows, checked.segment_values
        cleaned_filters = clean_filters(
            filters, segment_values=segment_values if cleaned_columns.get("segment") else []
        )
        checked.keep(checked_events(staged.path))
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
    cleaned_options = _cleaned_options({**run.options, **(options or {})}, run.columns)
    cleaned_filters = clean_filters(filters, segment_values=run.segment_values if run.columns.get("segment") else [])
    label = (name or "").strip()[:200] or _describe_filters(run.name, cleaned_filters)
    with transaction.atomic():
        new = AnalysisRun.objects.create(
            **attributes(run, *_KEPT_FROM_RUN),
            created_by=created_by,
            name=label[:200],
            options=cleaned_options,
            filters=cleaned_filters,
            status=RunStatus.QUEUED,
            rerun_of=run,
            progress=_("Queued: waiting for a worker."),
            language=translation.get_language() or "",
        )
        copy_name = f"run-{new.pk}-{os.path.basename(source.name).split('-', 2)[-1]}"
        kept_link(source, copy_name)
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


@transaction.atomic
def run_cancel(*, run: AnalysisRun) -> AnalysisRun:
    """Cancel a queued run at once; ask a running one to stop (it does between the engine's
    steps; a run whose worker died is marked failed instead). Finished runs are left as they are."""
    queued = AnalysisRun.objects.filter(pk=run.pk, status=RunStatus.QUEUED).update(
        status=RunStatus.CANCELLED, finished_at=timezone.now(), progress=_("Cancelled before it started.")
    )
    if not queued:
        if not AnalysisRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).exists():
            raise ValidationError(_("Only a queued or running analysis can be cancelled."))
        jobs.request_cancel(AnalysisRun, run.pk)
    run.refresh_from_db()
    return run


def run_retry(*, run: AnalysisRun) -> AnalysisRun:
    """Queue a failed or cancelled run again, on its kept log. Enqueue with ``tasks.run_enqueue``."""
    if not run.can_retry:
        raise ValidationError(_(RETRY_REFUSED))
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
        raise ValidationError(_(RETRY_REFUSED))
    run.refresh_from_db()
    return run


def run_fail(run_id: int, message: str) -> None:
    """End a run as failed with ``message``: no result, no kept log."""
    run = AnalysisRun.objects.filter(pk=run_id).first()
    if run is None:
        return
    AnalysisRun.objects.filter(pk=run_id).update(
        status=RunStatus.FAILED, error=message[:4000], result=None, finished_at=timezone.now(), log_file=""
    )
    kept_delete(run.log_file)


@transaction.atomic
def run_delete(*, run: AnalysisRun) -> None:
    log_file = run.log_file
    run.delete()
    transaction.on_commit(lambda: kept_delete(log_file))


def staged_drop(staged: StagedLog) -> None:
    staged_discard(staged)
