from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "touchpoints.reports"
    label = "reports"
    verbose_name = _("Audit reports")

    def ready(self) -> None:
        from touchpoints.demo.services import EXTENSIONS
        from touchpoints.reports.demo import demo_report

        if demo_report not in EXTENSIONS:
            EXTENSIONS.append(demo_report)

        from touchpoints.reports.jobs import report_kind

        report_kind()
