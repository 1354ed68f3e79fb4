from __future__ import annotations

from django import template

from core.validators import display_phone

register = template.Library()
register.filter("phone", display_phone)
