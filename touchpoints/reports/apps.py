from django.utils.translation import gettext_lazy as _

from touchpoints.lib.apps import ProjectAppConfig


class ReportsConfig(ProjectAppConfig):
    name = "touchpoints.reports"
    verbose_name = _("Audit reports")
    demo = "touchpoints.reports.demo.demo_report"
    on_ready = ("touchpoints.reports.jobs.report_kind",)
