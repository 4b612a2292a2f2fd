"""Report generation as a leased background job (touchpoints.lib.jobs): the kind registered by
the app config, so that reads and the worker's sweep mark a report failed once the worker
generating it stopped beating (killed, out of memory, the machine restarted)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from touchpoints.lib import jobs


def _message() -> str:
    return _("The report stopped: the worker generating it quit or stopped responding. Try again.")


def report_kind() -> jobs.JobKind:
    from touchpoints.reports.models import Report

    return jobs.registered(Report, _message)
