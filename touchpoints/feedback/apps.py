from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "touchpoints.feedback"
    label = "feedback"
    verbose_name = _("Customer feedback")

    def ready(self) -> None:
        from touchpoints.demo.services import EXTENSIONS
        from touchpoints.feedback.demo import demo_feedback
        from touchpoints.feedback.integrations import register_experience_provider

        if demo_feedback not in EXTENSIONS:
            EXTENSIONS.append(demo_feedback)
        # Customers' mean positivity feeds the journey map's experience curve (after the audits' scores).
        register_experience_provider()
