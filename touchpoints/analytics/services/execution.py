"""The background task's body: analyse a queued run's kept log under a lease, write progress for
the page as it comes, and store the result or the error, in the language of whoever started it."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from touchpoints.analytics.choices import RunStatus
from touchpoints.analytics.engine import LogError, analyze_log
from touchpoints.analytics.models import AnalysisRun
from touchpoints.analytics.services.matching import workspace_refs
from touchpoints.analytics.services.options import column_map, engine_filters, engine_options, localized
from touchpoints.analytics.services.results import result_dict, store_result
from touchpoints.analytics.services.runs import run_fail
from touchpoints.analytics.uploads import checked_events, kept_path
from touchpoints.lib import jobs

logger = logging.getLogger(__name__)

PROGRESS_LINES = 40


def run_execute(*, run_id: int) -> str:
    """Analyse the run's kept log and store the result or the error, writing progress and errors
    in the language of the person who started the run."""
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
        run_fail(run_id, _("The log file of this run is gone; upload it again."))
        return "failed"
    try:
        events = checked_events(path)
        result = analyze_log(
            str(path),
            column_map(run.columns),
            saved_events=str(events) if events.exists() else None,
            fmt=run.source_format or None,
            engine=run.engine,
            filters=engine_filters(run.filters),
            options=engine_options(run.options),
            touchpoints=workspace_refs(run.workspace_id),
            progress=progress,
        )
        if result.summary.events == 0:
            raise LogError(_("No event of the log is left after the filters; widen the period or the segments."))
        data = result_dict(result)
        progress(_("Saving the result."))
        with transaction.atomic():
            store_result(run, data)
    except LogError as exc:
        run_fail(run_id, localized(exc.message))
        return "failed"
    except jobs.JobCancelled:
        raise
    except Exception as exc:  # noqa: BLE001 — any crash must end the run, not leave it running
        logger.exception("analysis run %s failed", run_id)
        run_fail(run_id, _("The analysis stopped with an error: %(error)s") % {"error": f"{type(exc).__name__}: {exc}"})
        return "failed"
    return "done"
