"""The stage badge: one look for a warning stage on every page, colour and words together."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from core.stages import Stage

register = template.Library()

# Colour only ever repeats what the words say (the badge always carries the stage's name).
BADGE_CLASS = {
    Stage.PHYSICAL: "text-bg-danger",
    Stage.MENTAL: "text-bg-warning",
    Stage.EMOTIONAL: "text-bg-info",
}


@register.simple_tag
def stage_badge(stage: str | None) -> SafeString | str:
    """`{% stage_badge alert.stage %}`: the stage's name in its colour; nothing if no stage."""
    if stage not in Stage.values:
        return ""
    return format_html(
        '<span class="badge {}">{}</span>', BADGE_CLASS[Stage(stage)], Stage.label_of(stage)
    )


@register.filter
def stage_label(stage: str | None) -> str:
    """`{{ client.alert_stage|stage_label }}`: the stage's name, where a badge would be too loud."""
    return Stage.label_of(stage)
