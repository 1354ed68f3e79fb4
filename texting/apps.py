from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TextingConfig(AppConfig):
    name = "texting"
    verbose_name = _("Check in by text")

    def ready(self) -> None:
        from django.core.checks import register

        from core.health import watch_backlog
        from texting.checks import webhook_secret
        from texting.tasks import UNHANDLED_LATE_AFTER, oldest_unhandled

        register(webhook_secret)
        watch_backlog("unhandled_texts", oldest_unhandled, UNHANDLED_LATE_AFTER)
