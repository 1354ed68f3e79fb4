"""{% bam_card %}: the member's check-up beside their plan and on Today.

A template tag rather than view context because the plan's pages (plans/, below this app)
show it too: the layers keep plans from importing measures, a template may ask.
"""

from __future__ import annotations

from typing import Any

from django import template

from measures.card import card_facts

register = template.Library()


@register.inclusion_tag("measures/_card.html", takes_context=True)
def bam_card(context: template.Context, only_when_due: bool = False) -> dict[str, Any]:
    """The invitation when one is due or started; with the last result unless
    `only_when_due` (Today shows it only when there is something to do)."""
    user = context["request"].user
    if not (user.is_authenticated and user.is_member):
        return {}
    facts = card_facts(user)
    return {
        "due": facts.due,
        "in_progress": facts.in_progress,
        "latest": None if only_when_due else facts.latest,
        "only_when_due": only_when_due,
    }
