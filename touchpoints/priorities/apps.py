from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrioritiesConfig(AppConfig):
    name = "touchpoints.priorities"
    label = "priorities"
    verbose_name = _("Priorities")

    def ready(self) -> None:
        from touchpoints.demo.services import EXTENSIONS
        from touchpoints.priorities.demo import demo_priorities

        if demo_priorities not in EXTENSIONS:
            EXTENSIONS.append(demo_priorities)
