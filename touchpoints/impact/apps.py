from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImpactConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "touchpoints.impact"
    verbose_name = _("Impact on choice")

    def ready(self) -> None:
        from touchpoints.impact.journey_badges import register

        register()
