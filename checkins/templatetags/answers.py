"""`{{ row.mood|answer:"mood" }}`: a check-in answer in the words the member chose it by.

For pages that read check-ins as plain rows (My data's printable page reads the export's
dicts, which carry the stored values), where `get_mood_display` is not there to ask.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.db import models
from django.utils.translation import gettext as _

from checkins.models import CheckIn

register = template.Library()


@register.filter
def answer(value: Any, field_name: str) -> str:
    if value is None or value == "":
        return _("not asked")  # a check-in by text leaves these out
    field = CheckIn._meta.get_field(field_name)
    choices = dict(field.flatchoices) if isinstance(field, models.Field) else {}
    return str(choices.get(value, value))
