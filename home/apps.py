from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Home pages")

    def ready(self) -> None:
        from home import help_people

        help_people.connect()
