from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = _("Check-in reminders")

    def ready(self) -> None:
        # The outbox sends reminders like every message; whether one is still wanted at
        # that moment (checked in, paused, quiet hours, too late) is the reminders' rule.
        from messaging.models import Purpose
        from messaging.outbox import before_send, subject_with
        from reminders.dispatch import reminder_subject, still_wanted

        before_send(Purpose.REMINDER, still_wanted)
        subject_with(Purpose.REMINDER, reminder_subject)
