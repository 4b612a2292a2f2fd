from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditsConfig(AppConfig):
    name = "touchpoints.audits"
    label = "audits"
    verbose_name = _("Audits")

    def ready(self) -> None:
        from touchpoints.audits.demo import demo_audits
        from touchpoints.audits.selectors import latest_brand_scores
        from touchpoints.demo.services import EXTENSIONS
        from touchpoints.journeys.experience import register_experience_provider

        if demo_audits not in EXTENSIONS:
            EXTENSIONS.append(demo_audits)
        # Audit scores feed the journey map's experience curve.
        register_experience_provider(latest_brand_scores)
