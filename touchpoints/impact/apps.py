from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImpactConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "touchpoints.impact"
    verbose_name = _("Impact on choice")

    def ready(self) -> None:
        from touchpoints.demo.services import EXTENSIONS
        from touchpoints.impact.demo import demo_impact
        from touchpoints.impact.journey_badges import register

        register()
        if demo_impact not in EXTENSIONS:  # after the feedback and analytics demos (app order)
            EXTENSIONS.append(demo_impact)
