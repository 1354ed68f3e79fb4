"""Saving a plan section as a new version, and describing what changed between versions."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.validators import display_phone
from plans.models import Plan, PlanComment, PlanReview, PlanVersion
from plans.sections import BY_KEY, SECTIONS, Section, label_for


class StaleEdit(Exception):
    """The section changed (in another tab or device) since the form was opened."""


class UnknownItem(Exception):
    """A posted item id is not part of this member's section."""


def new_item_id() -> str:
    return uuid.uuid4().hex[:12]


def plan_for(member: User) -> Plan | None:
    return Plan.objects.filter(member=member).first()


def _changed_since(plan: Plan, key: str, number: int) -> bool:
    """Did section `key` change after version `number`? (Unknown versions count as changed.)"""
    if number == 0:
        return plan.content.get(key) is not None
    old = PlanVersion.objects.filter(plan=plan, number=number).values_list("content", flat=True)
    return not old or old[0].get(key) != plan.content.get(key)


def _locked_plan(member: User) -> Plan:
    Plan.objects.get_or_create(member_id=member.pk)
    # Lock the row: two saves at once must not both take the next version number.
    return Plan.objects.select_for_update().get(member_id=member.pk)


def _with_ids(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**item, "id": item.get("id") or new_item_id()} for item in items]


def _commit(plan: Plan, changes: dict[str, Any], *, author: User) -> PlanVersion:
    """Apply `changes` ({section key: value}) to the locked plan as its next version."""
    now = timezone.now()
    plan.content = {**plan.content, **changes}
    plan.revision += 1
    plan.updated_at = now
    plan.save()
    return PlanVersion.objects.create(
        plan=plan,
        number=plan.revision,
        author=author,
        created_at=now,
        sections=list(changes),
        content=plan.content,
    )


def _finished(
    plan: Plan, done: set[str], undone: frozenset[str] | set[str] = frozenset()
) -> list[str]:
    keep = (set(plan.finished_sections) - undone) | done
    return [s.key for s in SECTIONS if s.key in keep]


@transaction.atomic
def save_section(
    member: User,
    key: str,
    value: list[dict[str, Any]] | dict[str, Any],
    *,
    author: User,
    base_revision: int,
    finished: bool,
) -> PlanVersion | None:
    """Store a section's new items (or answers); return the new version, or None if unchanged.

    List items carry "id": an existing id keeps the item's identity (a rewording),
    None makes a new item. Raises StaleEdit when the section changed after
    `base_revision`, UnknownItem for an id that is not in this section.
    """
    section = BY_KEY[key]
    plan = _locked_plan(member)
    if base_revision != plan.revision and _changed_since(plan, key, base_revision):
        raise StaleEdit(key)

    if section.is_list:
        assert isinstance(value, list)
        known = {item["id"] for item in plan.items(key)}
        posted = [item["id"] for item in value if item.get("id")]
        for item_id in posted:
            if item_id not in known:
                raise UnknownItem(item_id)
        if len(posted) != len(set(posted)):
            raise UnknownItem("the same line twice")
        value = _with_ids(value)

    plan.finished_sections = _finished(plan, {key} if finished else set(), {key})
    if plan.content.get(key, [] if section.is_list else {}) == value:
        plan.save(update_fields=["finished_sections"])
        return None
    return _commit(plan, {key: value}, author=author)


@transaction.atomic
def write_plan(
    member: User, content: dict[str, Any], *, author: User, finished: list[str]
) -> PlanVersion:
    """Replace several sections at once as one version (a plan written on paper, demo data)."""
    plan = _locked_plan(member)
    changes = {key: _with_ids(v) if BY_KEY[key].is_list else v for key, v in content.items()}
    plan.finished_sections = _finished(plan, set(finished))
    return _commit(plan, changes, author=author)


# --- What changed ---------------------------------------------------------------


def describe(section: Section, item: dict[str, Any]) -> str:
    """One item in plain words: its main text, then its other answers."""
    parts = [str(item.get(section.main.name, ""))]
    for f in section.fields[1:]:
        value = item.get(f.name)
        if value in (None, "", False):
            continue
        if f.kind == "bool":
            parts.append(str(f.label))
        elif f.kind == "phone":
            parts.append(f"{f.label}: {display_phone(str(value))}")
        else:
            parts.append(f"{f.label}: {label_for(section, f.name, str(value))}")
    return " · ".join(parts)


@dataclass
class Change:
    kind: str  # added | removed | reworded | reordered | answered | cleared
    before: str = ""
    after: str = ""
    order: list[str] = field(default_factory=list)  # reordered: every line, in the new order

    @property
    def sentence(self) -> str:
        return {
            "added": _("Added"),
            "removed": _("Removed"),
            "reworded": _("Reworded"),
            "reordered": _("Put in a new order"),
            "answered": _("Changed"),
            "cleared": _("Cleared"),
        }[self.kind]


@dataclass
class SectionChanges:
    section: Section
    changes: list[Change] = field(default_factory=list)


def _list_changes(section: Section, old: list[dict], new: list[dict]) -> list[Change]:
    old_by_id = {item["id"]: item for item in old}
    new_ids = {item["id"] for item in new}
    changes = [
        Change("removed", before=describe(section, item))
        for item in old
        if item["id"] not in new_ids
    ]
    for item in new:
        before = old_by_id.get(item["id"])
        if before is None:
            changes.append(Change("added", after=describe(section, item)))
        elif describe(section, before) != describe(section, item):
            changes.append(Change("reworded", describe(section, before), describe(section, item)))
    kept_old = [i["id"] for i in old if i["id"] in new_ids]
    kept_new = [i["id"] for i in new if i["id"] in old_by_id]
    if kept_old != kept_new:
        # Say what the new order is: "put in a new order" alone leaves the reader guessing.
        changes.append(Change("reordered", order=[describe(section, item) for item in new]))
    return changes


def _answer_changes(section: Section, old: dict, new: dict) -> list[Change]:
    changes = []
    for f in section.fields:
        before = label_for(section, f.name, str(old.get(f.name) or ""))
        after = label_for(section, f.name, str(new.get(f.name) or ""))
        if before == after:
            continue
        kind = "cleared" if not after else "answered"
        changes.append(
            Change(
                kind,
                f"{f.label}: {before}" if before else "",
                f"{f.label}: {after}" if after else "",
            )
        )
    return changes


def diff(old: dict[str, Any], new: dict[str, Any]) -> list[SectionChanges]:
    """What changed from one plan content to another, section by section, in plan order."""
    result = []
    for section in SECTIONS:
        if section.is_list:
            changes = _list_changes(section, old.get(section.key) or [], new.get(section.key) or [])
        else:
            changes = _answer_changes(
                section, old.get(section.key) or {}, new.get(section.key) or {}
            )
        if changes:
            result.append(SectionChanges(section, changes))
    return result


def erase_plan(member: User) -> None:
    """Erase the member's plan with every version, review and comment (closing an account).

    The one exception to "a version is never deleted": the versions are the member's health
    record, and the member leaving ends Waypoint's reason to hold it. What the law keeps
    (who saw it, under which consent) is the audit trail, which stays.
    """
    plans = Plan.objects.filter(member=member)
    PlanComment.objects.filter(plan__in=plans).delete()
    PlanReview.objects.filter(plan__in=plans).delete()
    # Past the append-only manager on purpose (see above): a plain queryset's delete.
    models.QuerySet(PlanVersion).filter(plan__in=plans).delete()
    plans.delete()
