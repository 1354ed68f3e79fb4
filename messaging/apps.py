from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "messaging"
    verbose_name = _("Messages")

    def ready(self) -> None:
        # Accounts sit below the outbox: messaging tells them how their emails are sent.
        from accounts import mail
        from core.health import watch_backlog
        from messaging import (
            account_mail,
            checks,  # noqa: F401 (registers the start-up checks)
        )
        from messaging.models import Purpose
        from messaging.outbox import DUE_LATE_AFTER, compose_with, oldest_due

        compose_with(Purpose.PASSWORD_LINK, account_mail.compose_password_link)
        compose_with(Purpose.INVITATION, account_mail.compose_invitation)
        mail.register(
            password_link=account_mail.send_password_link,
            invitation=account_mail.send_invitation,
        )
        watch_backlog("pending_deliveries", oldest_due, DUE_LATE_AFTER)
