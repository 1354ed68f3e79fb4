from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SteppingUpConfig(AppConfig):
    name = "stepping_up"
    verbose_name = _("Stepping up care")
