"""Links that open the phone's own apps: a text to a person or a crisis line.

{% sms_href dial body %} is the one way a text link is written, and
{{ line|line_text_body }} the words a crisis line's text starts with in the reader's
language (core.crisis_lines.text_body).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.defaultfilters import urlencode
from django.utils import translation

from core import crisis_lines

register = template.Library()


@register.simple_tag
def sms_href(dial: str, body: str = "") -> str:
    """`sms:NUMBER`, or with the message already written: "?&body=" is the one form that
    both iOS ("&body=") and Android ("?body=") read."""
    return f"sms:{dial}?&body={urlencode(body)}" if body else f"sms:{dial}"


@register.filter
def line_text_body(line: dict[str, Any]) -> str:
    return crisis_lines.text_body(line, translation.get_language())
