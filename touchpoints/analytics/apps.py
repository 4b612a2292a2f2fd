from django.utils.translation import gettext_lazy as _

from touchpoints.lib.apps import ProjectAppConfig


class AnalyticsConfig(ProjectAppConfig):
    name = "touchpoints.analytics"
    verbose_name = _("Journey analytics")
    demo = "touchpoints.analytics.demo.demo_analytics"
    on_ready = ("touchpoints.analytics.jobs.run_kind",)
