"""The base of the project's app configs: what most apps do when Django is ready, named by class
attributes instead of written again in each ``ready()``::

    class ReportsConfig(ProjectAppConfig):
        name = "touchpoints.reports"
        verbose_name = _("Audit reports")
        demo = "touchpoints.reports.demo.demo_report"
        on_ready = ("touchpoints.reports.jobs.report_kind",)

An app with more to do overrides ``ready()`` and calls ``super().ready()`` first.
"""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.module_loading import import_string

# The callables (taking the demo workspace) that add each app's data to the demo workspace, in app order.
DEMO_EXTENSIONS = "touchpoints.demo.services.EXTENSIONS"


class ProjectAppConfig(AppConfig):
    # Django takes the one AppConfig subclass an app's apps.py holds, or among several the one marked
    # ``default``: this base, imported there too, is not an app, and each subclass is its app's config.
    default = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.default = "default" not in vars(cls) or cls.default

    demo: str = ""
    """The dotted path of the callable adding the app's data to the demo workspace ("" for none)."""
    on_ready: tuple[str, ...] = ()
    """The dotted paths of callables taking nothing, called in order when Django is ready."""

    def ready(self) -> None:
        if self.demo:
            extensions: list[Any] = import_string(DEMO_EXTENSIONS)
            extension = import_string(self.demo)
            if extension not in extensions:
                extensions.append(extension)
        for path in self.on_ready:
            import_string(path)()
