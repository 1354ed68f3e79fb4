from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("People, care teams and consent")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from accounts import account_events, language, middleware

        account_events.connect()
        user_logged_in.connect(middleware.start_session, dispatch_uid="waypoint_start_session")
        user_logged_in.connect(language.keep_browser_language, dispatch_uid="waypoint_language")
