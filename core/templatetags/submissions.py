"""{% submission_key %}: the one-time key of this form render (see core/submissions.py);
{% undo_button message %}: the Undo button of a removal's message (see core/undo.py)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from core import undo
from core.submissions import key_input

register = template.Library()


@register.simple_tag
def submission_key() -> SafeString:
    return key_input()


@register.inclusion_tag("includes/undo_button.html", takes_context=True)
def undo_button(context: dict[str, Any], message: Any) -> dict[str, Any]:
    request = context.get("request")
    return {"undo": undo.button_for(request, message) if request else None}
