from django.utils.translation import gettext_lazy as _

from touchpoints.lib.apps import ProjectAppConfig


class JourneysConfig(ProjectAppConfig):
    name = "touchpoints.journeys"
    verbose_name = _("Journeys")
    demo = "touchpoints.journeys.demo.demo_journeys"
