"""What to show after a check-in: short, warm, and taken from the member's own plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from checkins.models import HIGH, CheckIn, Medication
from contacts.people import Reachable, top_contacts
from core.stages import Stage
from plans.versions import plan_for

CRAVING_HIGH = 7
SHORT_SLEEP = 5
LOW_MOOD = 2  # "low" or "very low"


@dataclass(frozen=True)
class Link:
    href: str
    label: str


@dataclass
class Card:
    key: str
    title: str
    text: str
    items: list[str] = field(default_factory=list)
    contacts: list[Reachable] = field(default_factory=list)
    event: Any = None
    # Somewhere in the member's own plan to go from here.
    plan_link: Link | None = None
    help_now: bool = False
    # Thoughts of self-harm: the crisis lines (988 first) and the member's safety plan.
    crisis: bool = False
    safety_plan: list[tuple[str, list[str]]] = field(default_factory=list)


def _low_day_text(helps: bool, people_here: bool, people_above: bool) -> str:
    """What the low-day card says, promising only what follows it (a member with no plan
    and no people yet is not shown an empty list; people already offered on a card above
    are pointed to, not promised again)."""
    if helps and people_here:
        return _(
            "Low days come and go, and they are a good time to lean on your plan. "
            "Here is what you said helps, and the people who want to hear from you:"
        )
    if helps:
        return _(
            "Low days come and go, and they are a good time to lean on your plan. "
            "Here is what you said helps:"
        )
    if people_here:
        return _("Low days come and go. The people who want to hear from you are one tap away:")
    if people_above:
        return _(
            "Low days come and go. The people who want to hear from you are just above, one "
            "tap away. When you have a moment, write in your plan what helps on a day like this."
        )
    return _(
        "Low days come and go. When you have a moment, write in your plan what helps on a day "
        "like this, and add the people you would call: next time they will be right here."
    )


def _coping_link(plan: dict[str, Any], helps: bool) -> Link:
    """On a low day: to the member's coping skills, to reread or add to them; to the start
    of a plan for a member who has none yet."""
    if not plan:
        return Link(reverse("plan_overview"), _("Start my plan"))
    coping = reverse("plan_section", args=["coping"])
    if helps:
        return Link(coping, _("Open my coping skills"))
    return Link(coping, _("Write what helps into my plan"))


def _texts(plan: dict[str, Any], key: str, *, kind: str | None = None, limit: int = 4) -> list[str]:
    items = plan.get(key) or []
    if kind:
        items = [i for i in items if i.get("kind") == kind]
    return [str(i.get("text", "")) for i in items[:limit] if i.get("text")]


def plan_contacts(plan: dict[str, Any], limit: int = 3) -> list[Reachable]:
    """People named in the plan's support network (for members with no contacts yet)."""
    return [
        Reachable(str(i["text"]), str(i["phone"]), str(i.get("relationship", "")))
        for i in (plan.get("support") or [])
        if i.get("phone")
    ][:limit]


def _actions(plan: dict[str, Any]) -> list[str]:
    return [f"{i['text']} → {i['then']}" for i in (plan.get("actions") or [])[:4] if i.get("then")]


def safety_plan(plan: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """The member's own safety plan (Stanley-Brown's steps), from the plan sections that hold
    each step; the people to ask for help and the crisis lines are shown beside it."""
    steps = [
        (_("My warning signs"), _texts(plan, "warning_signs")),
        (_("Things I can do on my own"), _texts(plan, "coping")),
        (_("People and places that take my mind off things"), _texts(plan, "distractions")),
        (_("Professionals and services I can reach"), _professionals(plan)),
        (_("Making my surroundings safer"), _texts(plan, "safety")),
        (_("My reasons to live"), _texts(plan, "reasons")),
    ]
    return [(title, items) for title, items in steps if items]


def _professionals(plan: dict[str, Any]) -> list[str]:
    return [
        " ".join(part for part in (str(i.get("text", "")), str(i.get("phone", ""))) if part)
        for i in (plan.get("professionals") or [])[:4]
        if i.get("text")
    ]


def respond(
    checkin: CheckIn,
    plan: dict[str, Any],
    people: list[Reachable] | None = None,
    event: Any = None,
) -> list[Card]:
    """Cards fitting the answers, most pressing first.

    `plan` is the plan's content (or {}); `people` the member's top contacts (the
    plan's support network when None); `event` their next group event, if any.
    """
    people = plan_contacts(plan) if people is None else people
    cards: list[Card] = []
    if checkin.self_harm:
        # Before anything else (DOMAIN.md: a positive answer goes to 988 and to a person).
        cards.append(
            Card(
                "self_harm",
                _("You don't have to carry this alone"),
                _(
                    "Thank you for answering honestly. Thoughts like these can pass, and "
                    "someone can help you through them right now. Call or text 988 any time, "
                    "day or night, or reach one of your people. Waypoint is not watched around "
                    "the clock; 988 is."
                ),
                contacts=people,
                crisis=True,
                safety_plan=safety_plan(plan),
            )
        )
    if checkin.craving >= CRAVING_HIGH:
        cards.append(
            Card(
                "craving",
                _("A strong craving passes. You've planned for this."),
                _(
                    "Cravings rise, peak and fall, often within the hour. Here is what you decided to do:"
                ),
                items=_actions(plan) + _texts(plan, "coping"),
                contacts=people,
                help_now=True,
            )
        )
    if checkin.noticed_signs:
        cards.append(
            Card(
                "signs",
                _("You noticed some of your warning signs"),
                _("Noticing them early is the point: this is the time your plan works best."),
                items=[
                    f"{sign.get('text', '')} ({Stage.label_of(sign.get('stage'))})"
                    for sign in checkin.noticed_signs
                ]
                + _actions(plan)[:2],
            )
        )
    # A check-in by text does not ask mood, sleep or support (None): no card on those.
    if checkin.mood is not None and checkin.mood <= LOW_MOOD and not checkin.self_harm:
        helps = _texts(plan, "coping") + _texts(plan, "wellbeing", kind="stress", limit=2)
        cards.append(
            Card(
                "mood",
                _("A heavy day. You don't have to carry it alone."),
                "",  # said once the member's people are placed (`_said_low_day`)
                items=helps,
                contacts=people,
                plan_link=_coping_link(plan, bool(helps)),
                help_now=True,
            )
        )
    if checkin.lonely >= HIGH or checkin.support_contact is False:
        cards.append(
            Card(
                "lonely",
                _("Reach one person today")
                if checkin.lonely >= HIGH
                else _("No meeting or support today yet"),
                _(
                    "A quick call or text is enough. The people on your list said they want to hear from you."
                )
                if people
                else _(
                    "A quick call or text is enough: a friend, someone from a meeting, or your "
                    "counselor. Add the people you would reach to your list, and they will be "
                    "one tap away next time."
                ),
                contacts=people,
                event=event,
            )
        )
    if checkin.hungry >= HIGH:
        cards.append(
            Card(
                "hungry",
                _("Eat something soon"),
                _("Hunger makes everything harder. Even a snack helps."),
                items=_texts(plan, "wellbeing", kind="eating"),
            )
        )
    if checkin.angry >= HIGH:
        cards.append(
            Card(
                "angry",
                _("Let some of the anger out safely"),
                _("Move, breathe, or talk it through before you act on it."),
                items=_texts(plan, "wellbeing", kind="stress") + _texts(plan, "coping", limit=2),
            )
        )
    short_sleep = checkin.sleep_hours is not None and checkin.sleep_hours < SHORT_SLEEP
    if checkin.tired >= HIGH or short_sleep:
        cards.append(
            Card(
                "tired",
                _("Rest counts as recovery"),
                _("Short sleep raises cravings. Can you plan an early night or a short rest?"),
                items=_texts(plan, "wellbeing", kind="sleep"),
            )
        )
    if checkin.medication == Medication.NO:
        cards.append(
            Card(
                "medication",
                _("Missed your medication today?"),
                _(
                    "If something got in the way, your prescriber or counselor can help you work it out. "
                    "This is not medical advice; follow your prescriber's directions."
                ),
            )
        )
    if not cards:
        cards.append(
            Card(
                "steady",
                _("Thanks for checking in"),
                _("Today looks steady. Keep doing what's working."),
                items=_texts(plan, "reasons", limit=2),
            )
        )
    return _said_low_day(_offered_once(cards))


def _said_low_day(cards: list[Card]) -> list[Card]:
    """The low-day card's words, once `_offered_once` has decided whether its people show
    there or on a card above: it promises "the people who want to hear from you" only over
    their names."""
    offered_above = False
    for card in cards:
        if card.key == "mood":
            card.text = _low_day_text(bool(card.items), bool(card.contacts), offered_above)
        offered_above = offered_above or bool(card.contacts)
    return cards


def _offered_once(cards: list[Card]) -> list[Card]:
    """The member's people, and Get help now, on the first card that offers them only: a
    craving and a lonely day both suggest calling someone, and the same names twice read as
    a longer list."""
    offered = helped = False
    for card in cards:
        if card.contacts and offered:
            card.contacts = []
        if card.help_now and helped:
            card.help_now = False
        offered = offered or bool(card.contacts)
        helped = helped or card.help_now
    return cards


def medication_guidance(plan: dict[str, Any]) -> list[str]:
    """After a return to use: the words that fit each medication for opioid use disorder in
    the plan (DOMAIN.md "Medications for opioid use disorder"); general words when none is."""
    kinds = {i.get("moud") for i in (plan.get("medications") or [])}
    words: list[str] = []
    if kinds & {"buprenorphine", "methadone"}:
        words.append(
            _(
                "Keep taking your buprenorphine or methadone as prescribed; it lowers the risk of "
                "dying from an overdose, and stopping raises it. Call your prescriber today and "
                "tell them what happened."
            )
        )
    if "naltrexone" in kinds:
        words.append(
            _(
                "Naltrexone blocks opioids. Trying to get past the block by using more is very "
                "dangerous and can cause a fatal overdose. If you stopped naltrexone or missed "
                "doses, your tolerance is lower than before. Call your prescriber today."
            )
        )
    if not words:
        words.append(
            _(
                "If you take a medication for opioid use disorder, keep taking it as prescribed "
                "and call your prescriber today."
            )
        )
    return words


def plan_content(member: Any) -> dict[str, Any]:
    plan = plan_for(member)
    return plan.content if plan else {}


def people_to_reach(
    member: Any, plan: dict[str, Any], contacts: list[Reachable] | None = None
) -> list:
    """Their contacts (looked up unless the caller has them), or the people named in their
    plan until they add contacts."""
    return (top_contacts(member) if contacts is None else contacts) or plan_contacts(plan)
