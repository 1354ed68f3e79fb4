"""The first 24 hours after a return to use: the member's own plan, people and program,
gathered for the safety page and the report page.

It lives in home because it needs alumni (the next meeting, the peer supporter), which
sit above check-ins.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings

from accounts.access import counselors_who_see
from accounts.models import Scope, User
from checkins.reports import last_use_within
from checkins.responses import plan_content
from contacts.people import Reachable
from home.help_people import NextEvent, help_people
from plans.sections import BY_KEY


@dataclass(frozen=True)
class FirstDay:
    since: datetime  # when they last said they used
    if_i_use: list[tuple[str, str]]  # (label, the member's own words) from "If I use"
    naloxone: str  # where their naloxone is, in their words ("" when not written)
    event: NextEvent | None
    peers: list[Reachable]  # the peer supporter, as a list for includes/people_links.html
    program_phone: dict[str, str] | None


def _if_i_use(plan: dict[str, Any]) -> list[tuple[str, str]]:
    answers = plan.get("if_i_use") or {}
    fields = BY_KEY["if_i_use"].fields
    return [
        (str(f.label), answers[f.name])
        for f in fields
        if f.name != "naloxone" and answers.get(f.name)
    ]


def _naloxone_place(plan: dict[str, Any]) -> str:
    written = (plan.get("if_i_use") or {}).get("naloxone") or ""
    if written:
        return written
    # Otherwise a step of "A safer place" that names it (the suggested one does).
    for item in plan.get("safety") or []:
        text = item.get("text") or ""
        if "naloxone" in text.lower() or "narcan" in text.lower():
            return text
    return ""


def first_day(member: User) -> FirstDay | None:
    """What the flow shows in the 24 hours after a report of use; None outside them."""
    since = last_use_within(member)
    if since is None:
        return None
    plan = plan_content(member)
    # The same people and event as the help panel on the same page: one lookup, kept.
    people = help_people(member)
    return FirstDay(
        since=since,
        if_i_use=_if_i_use(plan),
        naloxone=_naloxone_place(plan),
        event=people.event,
        peers=people.peers,
        program_phone=settings.WAYPOINT_PROGRAM_PHONE,
    )


def alerted_counselors(member: User) -> list[str]:
    """Names of the counselors whose alerts list shows the member's report (physical stage)."""
    return [
        c.display_name for c in counselors_who_see(member, Scope.ALERTS).order_by("display_name")
    ]
