from django.utils.translation import gettext_lazy as _

from touchpoints.lib.apps import ProjectAppConfig


class AccountsConfig(ProjectAppConfig):
    name = "touchpoints.accounts"
    verbose_name = _("Accounts")
    on_ready = ("touchpoints.accounts.signals.connect",)
