"""Demo alumni network"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from accounts.models import User
from alumni.models import AlumniGroup, Event, GroupMembership, Outreach, PeerPairing, Rsvp


def _at(days: int, hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, time(hour, 0), ZoneInfo(settings.TIME_ZONE))


def seed_network(people: dict[str, User]) -> None:
    jordan, alex = people["jordan@example.org"], people["alex@example.org"]
    program = jordan.program
    assert program is not None
    if AlumniGroup.objects.filter(program=program).exists():
        return
    taylor = people["taylor@example.org"]
    User.objects.filter(pk=taylor.pk).update(volunteers_as_peer=True, phone="+12025550190")
    members = [
        people[e]
        for e in ("alex@example.org", "sam@example.org", "riley@example.org", "morgan@example.org")
    ]
    tuesday = AlumniGroup.objects.create(name="Tuesday evening alumni", program=program)
    weekend = AlumniGroup.objects.create(name="Weekend sober socials", program=program)
    for group in (tuesday, weekend):
        group.coordinators.add(jordan)
    today = timezone.localdate()
    for index, member in enumerate([*members, taylor]):
        GroupMembership.objects.create(
            group=tuesday,
            member=member,
            joined_on=today - timedelta(days=120 - index * 10),
            completed_treatment_on=today - timedelta(days=130 - index * 10),
        )
    for member in (alex, taylor, people["sam@example.org"]):
        GroupMembership.objects.create(
            group=weekend, member=member, joined_on=today - timedelta(days=60)
        )

    def event(group: AlumniGroup, title: str, kind: str, days: int, hour: int, **extra) -> Event:
        return Event.objects.create(
            group=group,
            title=title,
            kind=kind,
            starts_at=_at(days, hour),
            ends_at=_at(days, hour) + timedelta(hours=2),
            created_by=jordan,
            **extra,
        )

    # The Tuesday meeting falls on Tuesdays (in the program's time zone): the next one 1-7
    # days ahead and the last one 1-7 days ago, so none is today, whatever the weekday.
    next_tuesday = (1 - today.weekday()) % 7 or 7
    last_tuesday = -((today.weekday() - 1) % 7 or 7)

    def tuesday_meeting(days: int) -> Event:
        return event(
            tuesday,
            "Tuesday alumni meeting",
            "meeting",
            days,
            19,
            place="Community room, 2nd floor",
        )

    past = [
        *(tuesday_meeting(last_tuesday - weeks * 7) for weeks in (2, 1, 0)),
        event(weekend, "Bowling night", "social", -10, 18, place="Lanes on 5th", capacity=12),
    ]
    # Alex, Sam and Taylor come; Riley came three weeks ago and then stopped; Morgan never came.
    attended = {
        0: [alex, taylor, people["riley@example.org"]],
        1: [alex, taylor, people["sam@example.org"]],
        2: [alex, people["sam@example.org"]],
        3: [alex, taylor],
    }
    for index, who in attended.items():
        Rsvp.objects.bulk_create(Rsvp(event=past[index], member=m, attended=True) for m in who)
    upcoming = [
        tuesday_meeting(next_tuesday),
        event(
            weekend,
            "Hike at Rock Creek",
            "social",
            5,
            10,
            place="Boundary Bridge trailhead",
            capacity=10,
        ),
        event(
            weekend,
            "Cooking night",
            "workshop",
            9,
            18,
            online_url="https://meet.example.org/cooking",
            capacity=4,
        ),
    ]
    Rsvp.objects.bulk_create(Rsvp(event=upcoming[1], member=m) for m in (alex, taylor))
    Rsvp.objects.bulk_create(
        Rsvp(event=upcoming[2], member=m)
        for m in (alex, taylor, people["sam@example.org"], members[3])
    )
    now = timezone.now()
    PeerPairing.objects.create(
        member=alex, peer=taylor, proposed_by=jordan, member_agreed_at=now, peer_agreed_at=now
    )
    riley = people["riley@example.org"]
    User.objects.filter(pk=riley.pk).update(program_messages=True)  # may get "we'd love to see you"
    Outreach.objects.create(
        member=riley,
        coordinator=jordan,
        method="text",
        outcome="no_answer",
        created_at=now - timedelta(days=18),
        follow_up_on=today - timedelta(days=4),
    )
    Outreach.objects.create(
        member=people["morgan@example.org"],
        coordinator=jordan,
        method="call",
        outcome="message",
        note="Left a friendly voicemail.",
        created_at=now - timedelta(days=20),
        follow_up_on=today,
    )
