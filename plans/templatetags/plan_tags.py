from __future__ import annotations

from typing import Any

from django import template

from plans.sections import Section, label_for
from plans.versions import describe

register = template.Library()


@register.filter
def plan_item(item: dict[str, Any], section: Section) -> str:
    """An item in plain words (escaped by the template like any other text)."""
    return describe(section, item)


@register.simple_tag
def plan_answers(section: Section, answers: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, answer) pairs of a prompt section, answered ones only."""
    return [
        (str(f.label), label_for(section, f.name, str(answers[f.name])))
        for f in section.fields
        if answers.get(f.name)
    ]
