from django.utils.translation import gettext_lazy as _

from touchpoints.lib.apps import ProjectAppConfig


class ImpactConfig(ProjectAppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "touchpoints.impact"
    verbose_name = _("Impact on choice")
    demo = "touchpoints.impact.demo.demo_impact"  # after the feedback and analytics demos (app order)
    on_ready = ("touchpoints.impact.journey_badges.register",)
