"""{% tap_inputs field %}: a radio field's options as a row of toggle buttons.

The markup is what Django's radio templates give (`{{ radio.tag }}` and a label per
option), written here in one pass: those templates render once per option, forty times on
the check-in form, and were a third of that page's server time at the evening peak.
"""

from __future__ import annotations

from django import template
from django.forms import BoundField
from django.forms.utils import flatatt
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

register = template.Library()

_OPTION = '<input type="{}" name="{}" value="{}"{}><label class="btn btn-outline-primary tap" for="{}">{}</label>'


@register.simple_tag
def tap_inputs(field: BoundField) -> SafeString:
    return format_html_join(
        "",
        _OPTION,
        (
            (
                option.data["type"],
                option.data["name"],
                option.data["value"],
                # id, class, required and checked, as the widget chose them
                flatatt(option.data["attrs"]),
                option.id_for_label,
                option.choice_label,
            )
            for option in field.subwidgets
        ),
    )
