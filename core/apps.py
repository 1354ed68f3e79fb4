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
        from django.test.signals import setting_changed

        setting_changed.connect(_settings_changed, dispatch_uid="core_fragments")
