"""Background generation of reports (Django's tasks API). The task takes the report's id only;
progress is written on the report's row for the page to show."""

from __future__ import annotations

from django_tasks import task


@task()
def generate_report(report_id: int) -> str:
    from touchpoints.reports.services import report_generate

    return report_generate(report_id=report_id)
