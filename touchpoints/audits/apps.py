from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditsConfig(AppConfig):
    name = "touchpoints.audits"
    label = "audits"
    verbose_name = _("Audits")

    def ready(self) -> None:
        from touchpoints.audits.demo import demo_audits
        from touchpoints.audits.integrations import register_experience_provider
        from touchpoints.demo.services import EXTENSIONS

        if demo_audits not in EXTENSIONS:
            EXTENSIONS.append(demo_audits)
        # Audit scores feed the journey map's experience curve when the journeys app offers the hook.
        register_experience_provider()
