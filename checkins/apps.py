from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


def _new_member_gets_a_reminder(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if created and not kwargs.get("raw"):
        from .reminders import create_default_reminder

        create_default_reminder(instance)


class CheckinsConfig(AppConfig):
    name = "checkins"
    verbose_name = _("Check-ins")

    def ready(self) -> None:
        post_save.connect(
            _new_member_gets_a_reminder,
            sender="accounts.User",
            dispatch_uid="checkins.default_reminder",
        )
