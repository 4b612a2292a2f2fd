from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HistoryConfig(AppConfig):
    name = "touchpoints.history"
    label = "history"
    verbose_name = _("History")

    def ready(self) -> None:
        from touchpoints.history.registrations import register

        register()
