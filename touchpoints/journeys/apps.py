from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JourneysConfig(AppConfig):
    name = "touchpoints.journeys"
    label = "journeys"
    verbose_name = _("Journeys")

    def ready(self) -> None:
        from touchpoints.demo.services import EXTENSIONS
        from touchpoints.journeys.demo import demo_journeys

        if demo_journeys not in EXTENSIONS:
            EXTENSIONS.append(demo_journeys)
