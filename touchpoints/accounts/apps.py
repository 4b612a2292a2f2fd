from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "touchpoints.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from touchpoints.accounts import signals

        signals.connect()
