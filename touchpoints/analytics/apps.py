from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "touchpoints.analytics"
    label = "analytics"
    verbose_name = _("Journey analytics")

    def ready(self) -> None:
        from touchpoints.analytics.demo import demo_analytics
        from touchpoints.demo.services import EXTENSIONS

        if demo_analytics not in EXTENSIONS:
            EXTENSIONS.append(demo_analytics)
        from touchpoints.analytics.jobs import run_kind

        run_kind()
