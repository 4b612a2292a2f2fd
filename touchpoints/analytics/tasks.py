"""Background work of journey analytics (Django's tasks API, ``django_tasks``).

The task takes only the run's id (JSON-safe, so any backend can queue it) and reads everything
else from the database and the kept log, so it runs the same in the request (the immediate
backend, the default) and in a worker process (the database backend: ``manage.py db_worker``).
Progress messages are written to the run's row as they come, for the page to poll.

This module sits above the services: it imports them, they never import it.
"""

from __future__ import annotations

import logging

from django.utils.translation import gettext as _
from django_tasks import task

from touchpoints.analytics.models import AnalysisRun
from touchpoints.analytics.services.execution import run_execute
from touchpoints.analytics.services.runs import run_fail

logger = logging.getLogger(__name__)


@task()
def run_analysis(run_id: int) -> str:
    return run_execute(run_id=run_id)


def run_enqueue(run: AnalysisRun) -> AnalysisRun:
    """Hand the run to the task backend (the immediate backend runs it before returning). Call
    outside a transaction, so that a worker of the database backend sees the run."""
    try:
        task_result = run_analysis.enqueue(run.pk)
    except Exception as exc:  # a misconfigured backend must not leave the run queued for ever
        logger.exception("could not enqueue analysis run %s", run.pk)
        run_fail(run.pk, _("The analysis could not be queued: %(error)s") % {"error": exc})
    else:
        AnalysisRun.objects.filter(pk=run.pk).update(task_id=str(task_result.id)[:64])
    run.refresh_from_db()
    return run
