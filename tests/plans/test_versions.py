"""Saving sections, immutable versions, stale edits and the diff in plain words."""

from __future__ import annotations

import copy

import pytest
from django.db import IntegrityError

from plans.demo import ALEX_PLAN
from plans.models import Plan, PlanVersion
from plans.sections import BY_KEY
from plans.versions import StaleEdit, UnknownItem, describe, diff, save_section, write_plan

pytestmark = pytest.mark.django_db


def _save(member, key, value, base, finished=True):
    return save_section(member, key, value, author=member, base_revision=base, finished=finished)


def test_each_saved_change_makes_a_version_and_nothing_else_does(member):
    v1 = _save(member, "reasons", [{"id": None, "text": "My son"}], 0)
    assert (v1.number, v1.sections, v1.author) == (1, ["reasons"], member)
    plan = Plan.objects.get(member=member)
    item_id = plan.items("reasons")[0]["id"]

    assert _save(member, "reasons", [{"id": item_id, "text": "My son"}], 1) is None
    assert PlanVersion.objects.count() == 1

    v2 = _save(member, "reasons", [{"id": item_id, "text": "My son Theo"}], 1)
    assert v2.number == 2
    plan.refresh_from_db()
    assert plan.revision == 2 and plan.items("reasons")[0] == {"id": item_id, "text": "My son Theo"}
    # The old version still says what it said.
    assert PlanVersion.objects.get(number=1).content["reasons"][0]["text"] == "My son"


def test_versions_cannot_be_changed_or_deleted(member):
    version = _save(member, "reasons", [{"id": None, "text": "My son"}], 0)
    version.content = {}
    with pytest.raises(PermissionError):
        version.save()
    with pytest.raises(PermissionError):
        version.delete()
    with pytest.raises(PermissionError):
        PlanVersion.objects.all().delete()


def test_one_plan_per_member(member):
    Plan.objects.create(member=member)
    with pytest.raises(IntegrityError):
        Plan.objects.create(member=member)


def test_a_stale_edit_of_the_same_section_is_refused(member):
    _save(member, "reasons", [{"id": None, "text": "My son"}], 0)
    # Another tab saved meanwhile, then this one (opened on version 1) saves.
    item_id = Plan.objects.get().items("reasons")[0]["id"]
    _save(member, "reasons", [{"id": item_id, "text": "My son Theo"}], 1)
    with pytest.raises(StaleEdit):
        _save(member, "reasons", [{"id": item_id, "text": "Theo"}], 1)
    assert Plan.objects.get().items("reasons")[0]["text"] == "My son Theo"


def test_editing_another_section_meanwhile_is_not_a_conflict(member):
    _save(member, "reasons", [{"id": None, "text": "My son"}], 0)
    _save(member, "coping", [{"id": None, "text": "Walk"}], 1)
    assert _save(member, "reasons", [{"id": None, "text": "Work"}], 1).number == 3


def test_a_forged_base_version_counts_as_stale(member):
    _save(member, "reasons", [{"id": None, "text": "My son"}], 0)
    with pytest.raises(StaleEdit):
        _save(member, "reasons", [], 99)


def test_an_item_id_from_someone_elses_plan_is_refused(member, other_member):
    _save(other_member, "reasons", [{"id": None, "text": "Theirs"}], 0)
    foreign = Plan.objects.get(member=other_member).items("reasons")[0]["id"]
    with pytest.raises(UnknownItem):
        _save(member, "reasons", [{"id": foreign, "text": "Mine now"}], 0)
    assert Plan.objects.get(member=other_member).items("reasons")[0]["text"] == "Theirs"


def test_finishing_later_is_remembered(member):
    _save(member, "reasons", [{"id": None, "text": "My son"}], 0, finished=False)
    assert Plan.objects.get().finished_sections == []
    _save(member, "reasons", [{"id": None, "text": "Work"}], 1, finished=True)
    assert Plan.objects.get().finished_sections == ["reasons"]


def test_the_diff_says_what_was_added_removed_reworded_and_moved():
    old = {
        "reasons": [
            {"id": "a", "text": "Work"},
            {"id": "b", "text": "Son"},
            {"id": "c", "text": "Dog"},
        ]
    }
    new = {
        "reasons": [
            {"id": "b", "text": "My son Theo"},
            {"id": "a", "text": "Work"},
            {"id": "d", "text": "Me"},
        ],
        "care_level": {"level": "iop"},
    }
    [reasons, care] = diff(old, new)
    got = {(c.kind, c.before, c.after) for c in reasons.changes}
    assert got == {
        ("removed", "Dog", ""),
        ("reworded", "Son", "My son Theo"),
        ("added", "", "Me"),
        ("reordered", "", ""),
    }
    # A new order says what the order now is, every line in it.
    [reordered] = [c for c in reasons.changes if c.kind == "reordered"]
    assert reordered.order == ["My son Theo", "Work", "Me"]
    assert [(c.kind, c.after) for c in care.changes] == [
        ("answered", "Level of care: Intensive outpatient (IOP)")
    ]


def test_the_diff_of_identical_plans_is_empty(member):
    content = write_plan(member, copy.deepcopy(ALEX_PLAN), author=member, finished=[]).content
    assert diff(content, copy.deepcopy(content)) == []
    assert len(diff({}, content)) == len(ALEX_PLAN)


def test_items_are_described_with_their_labels():
    item = {"text": "Payday", "kind": "external", "note": "Fridays"}
    assert describe(BY_KEY["triggers"], item) == (
        "Payday · Where it comes from: Around me (people, places, things) · Note (optional): Fridays"
    )


def test_write_plan_makes_one_version_for_many_sections(member):
    version = write_plan(member, copy.deepcopy(ALEX_PLAN), author=member, finished=["reasons"])
    assert version.number == 1 and set(version.sections) == set(ALEX_PLAN)
    assert all(item["id"] for item in version.content["triggers"])
