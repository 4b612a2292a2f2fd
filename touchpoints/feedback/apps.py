from django.utils.translation import gettext_lazy as _

from touchpoints.lib.apps import ProjectAppConfig


class FeedbackConfig(ProjectAppConfig):
    name = "touchpoints.feedback"
    verbose_name = _("Customer feedback")
    demo = "touchpoints.feedback.demo.demo_feedback"
    # Customers' mean positivity feeds the journey map's experience curve (after the audits' scores).
    on_ready = (
        "touchpoints.feedback.integrations.register_experience_provider",
        # Members' e-mail alerts on a study's answers join the workspaces' rounds.
        "touchpoints.feedback.alerts.register",
    )
