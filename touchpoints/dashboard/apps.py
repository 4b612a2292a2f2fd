from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "touchpoints.dashboard"
    label = "dashboard"
    verbose_name = _("Workspace home")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from touchpoints.dashboard import widgets

        widgets.load()
        # Each app's dashboard.py registers its method step's progress (and any widgets of its own).
        autodiscover_modules("dashboard")
