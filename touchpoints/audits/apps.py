from django.utils.translation import gettext_lazy as _

from touchpoints.lib.apps import ProjectAppConfig


class AuditsConfig(ProjectAppConfig):
    name = "touchpoints.audits"
    verbose_name = _("Audits")
    demo = "touchpoints.audits.demo.demo_audits"
    on_ready = ("touchpoints.audits.selectors.feed_experience_curve",)
