from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = _("Warning-stage alerts")

    def ready(self) -> None:
        # Check-ins sit below alerts and announce what members record (checkins.events);
        # connected here, where the app registry is ready, once per process.
        from django.core.checks import register

        from alerts.checks import escalation_times, warning_rules
        from alerts.evaluation import UNEVALUATED_LATE_AFTER, oldest_unevaluated
        from alerts.notify import PURPOSE, told_by
        from alerts.tasks import evaluate_soon
        from checkins.events import recorded
        from core.health import watch_backlog
        from messaging.outbox import after_sent

        recorded.connect(evaluate_soon, dispatch_uid="alerts.evaluate_soon")
        watch_backlog("unevaluated_checkins", oldest_unevaluated, UNEVALUATED_LATE_AFTER)
        # An alert is "people told" the moment one of its notices is sent, by whichever try.
        for purpose in PURPOSE.values():
            after_sent(purpose, told_by)
        register(warning_rules)
        register(escalation_times)
