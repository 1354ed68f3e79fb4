"""The warning stage: one definition of its words, its urgency and its badge."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from alerts.models import Alert
from core.stages import Stage
from plans.sections import BY_KEY


@pytest.mark.parametrize(
    ("stage", "label", "rank"),
    [
        (Stage.EMOTIONAL, "Emotional stage", 1),
        (Stage.MENTAL, "Mental stage", 2),
        (Stage.PHYSICAL, "Physical stage", 3),
    ],
)
def test_each_stage_has_its_words_and_rank(stage, label, rank):
    assert (Stage.label_of(stage.value), stage.rank) == (label, rank)


def test_by_urgency_puts_the_most_urgent_first_and_no_stage_last():
    found = sorted(["emotional", None, "physical", "mental"], key=Stage.by_urgency)
    assert found == ["physical", "mental", "emotional", None]


@pytest.mark.parametrize("value", ["", None, "spiritual"])
def test_a_value_that_is_not_a_stage_has_no_words(value):
    assert Stage.label_of(value) == ""


@pytest.mark.django_db
def test_the_sql_rank_orders_like_the_python_rank(member, other_member):
    for who, stage in [(member, "mental"), (member, "physical"), (other_member, "emotional")]:
        Alert.objects.create(member=who, stage=stage)
    ranked = Alert.objects.annotate(rank=Stage.rank_expression()).order_by("-rank")
    assert [(a.stage, a.rank) for a in ranked] == [("physical", 3), ("mental", 2), ("emotional", 1)]


def test_plan_warning_signs_offer_the_same_stages():
    [field] = [f for f in BY_KEY["warning_signs"].fields if f.name == "stage"]
    assert list(field.choices) == list(Stage.choices)


def _render(text: str, **context: object) -> str:
    return Template("{% load stages %}" + text).render(Context(context))


@pytest.mark.parametrize(
    ("stage", "html"),
    [
        ("physical", '<span class="badge text-bg-danger">Physical stage</span>'),
        ("mental", '<span class="badge text-bg-warning">Mental stage</span>'),
        ("emotional", '<span class="badge text-bg-info">Emotional stage</span>'),
        ("", ""),
        (None, ""),
    ],
)
def test_the_badge_says_the_stage_in_words_as_well_as_colour(stage, html):
    assert _render("{% stage_badge stage %}", stage=stage) == html


def test_the_label_filter_gives_the_words_alone():
    assert _render("{{ stage|stage_label }}", stage="mental") == "Mental stage"
