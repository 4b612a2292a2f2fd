from django.utils.translation import gettext_lazy as _

from touchpoints.lib.apps import ProjectAppConfig


class ReviewsConfig(ProjectAppConfig):
    name = "touchpoints.reviews"
    verbose_name = _("Review requests")
    demo = "touchpoints.reviews.demo.demo_reviews"
    # Members' e-mail alerts on a campaign's answers join the workspaces' rounds.
    on_ready = ("touchpoints.reviews.alerts.register",)
