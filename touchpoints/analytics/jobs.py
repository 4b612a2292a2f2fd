"""Analysis runs as leased background jobs (touchpoints.lib.jobs): the kind registered by the app
config, so that reads and the worker's sweep mark a run failed once its worker stopped beating."""

from __future__ import annotations

from django.utils.translation import gettext as _

from touchpoints.lib import jobs


def _message() -> str:
    return _("The analysis stopped: the worker running it quit or stopped responding. Try again.")


def run_kind() -> jobs.JobKind:
    from touchpoints.analytics.models import AnalysisRun

    return jobs.registered(AnalysisRun, _message)
