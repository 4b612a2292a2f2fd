from django.utils.translation import gettext_lazy as _

from touchpoints.lib.apps import ProjectAppConfig


class LibraryConfig(ProjectAppConfig):
    name = "touchpoints.library"
    verbose_name = _("Library")
