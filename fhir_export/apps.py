from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FhirExportConfig(AppConfig):
    name = "fhir_export"
    verbose_name = _("FHIR export")
