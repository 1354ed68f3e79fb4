from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _settings_changed(sender: Any, setting: str, **kwargs: Any) -> None:
    """The "fragments" cache holds pages' parts made from settings (the crisis lines), kept
    for the process's life because settings change only with a restart, except in tests."""
    if setting.startswith("WAYPOINT_") or setting.startswith("LANGUAGE"):
        from django.core.cache import caches

        caches["fragments"].clear()


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from celery.signals import after_task_publish, beat_embedded_init, beat_init
        from django.core.signals import got_request_exception
        from django.test.signals import setting_changed

        from core import connections, heartbeat

        # Runs in whichever process sends a task; heartbeat.beat_sent acts only in beat.
        after_task_publish.connect(heartbeat.beat_sent, dispatch_uid="core.heartbeat.beat_sent")
        beat_init.connect(heartbeat.beat_started, dispatch_uid="core.heartbeat.beat_started")
        beat_embedded_init.connect(heartbeat.beat_started, dispatch_uid="core.heartbeat.embedded")
        got_request_exception.connect(
            connections.drop_after_fault, dispatch_uid="core.connections.drop_after_fault"
        )
        setting_changed.connect(_settings_changed, dispatch_uid="core_fragments")
