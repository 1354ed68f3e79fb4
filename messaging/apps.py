from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "messaging"
    verbose_name = _("Messages")

    def ready(self) -> None:
        # Accounts sit below the outbox: messaging tells them how their emails are sent.
        from accounts import mail
        from messaging import checks  # noqa: F401 (registers the start-up checks)
        from messaging.account_mail import compose_password_link, send_password_link
        from messaging.models import Purpose
        from messaging.outbox import compose_with

        compose_with(Purpose.PASSWORD_LINK, compose_password_link)
        mail.register_password_link(send_password_link)
