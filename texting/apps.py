from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TextingConfig(AppConfig):
    name = "texting"
    verbose_name = _("Check in by text")

    def ready(self) -> None:
        from django.core.checks import register

        from texting.checks import webhook_secret

        register(webhook_secret)
