from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("People, care teams and consent")

    def ready(self) -> None:
        from accounts import account_events

        account_events.connect()
