"""A small hand-made program with known outcomes (tests/outcomes/test_figures.py lists them).

Program time is America/New_York (settings.TIME_ZONE). "Today" is 2026-03-15; the window
is January to March 2026. Four members (Dana, Alex, Blake, Casey), a counselor, and a
member of another program whose data must never count.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from accounts.models import Role, User
from alerts.models import Alert, AlertNotice, AlertStatus, NoticeKind
from alumni.models import AlumniGroup, Event, GroupMembership, Rsvp
from checkins.models import UseReport
from measures.models import BamResult
from messaging import outbox
from messaging.models import Channel, Purpose
from tests.factories import CheckInFactory, UserFactory

NY = ZoneInfo("America/New_York")
TODAY = date(2026, 3, 15)
JAN, FEB, MAR = date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=NY)


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def member(name: str, joined: date, program=None) -> User:
    extra = {"program": program} if program is not None else {}
    return UserFactory(
        display_name=name, role=Role.MEMBER, date_joined=at(joined, 10), reminder=False, **extra
    )


def checkins(person: User, first: date, last: date, used_on: tuple[date, ...] = ()) -> None:
    for day in days(first, last):
        CheckInFactory(member=person, local_date=day, used_today=day in used_on)


def use_report(person: User, day: date, hour: int = 12) -> None:
    UseReport.objects.create(member=person, occurred_at=at(day, hour), local_date=day, kind="lapse")


def bam(person: User, day: date, use: int, risk: int, protective: int) -> None:
    BamResult.objects.create(
        member=person,
        version="test",
        answers={},
        use=use,
        risk=risk,
        protective=protective,
        satisfaction=2,
        started_at=at(day, 9),
        completed_at=at(day, 10),
        local_date=day,
        next_due_on=day + timedelta(days=7),
    )


def alert(person: User, stage: str, opened: datetime, **fields) -> Alert:
    return Alert.objects.create(
        member=person, stage=stage, opened_at=opened, updated_at=opened, **fields
    )


def build() -> dict[str, User]:
    dana = member("Dana", date(2026, 1, 20))
    alex = member("Alex", date(2026, 2, 1))
    blake = member("Blake", date(2026, 2, 15))
    casey = member("Casey", date(2026, 3, 10))
    program = alex.program
    counselor = UserFactory(role=Role.COUNSELOR, program=program, reminder=False)
    elsewhere = UserFactory(
        role=Role.MEMBER, program__name="Another program", date_joined=at(date(2026, 1, 5))
    )

    # Check-ins and reports of use.
    checkins(dana, date(2026, 1, 20), date(2026, 1, 25))
    checkins(alex, date(2026, 2, 1), date(2026, 2, 10), used_on=(date(2026, 2, 5),))
    use_report(alex, date(2026, 2, 20))  # a day with use and no check-in
    use_report(alex, date(2026, 2, 20), hour=22)  # told twice: still one day
    checkins(alex, date(2026, 3, 1), date(2026, 3, 5))
    checkins(blake, date(2026, 2, 15), date(2026, 2, 28))
    use_report(blake, date(2026, 2, 16))  # the check-in said no; the report says yes
    checkins(elsewhere, date(2026, 1, 5), date(2026, 3, 14), used_on=(date(2026, 2, 2),))

    # BAM results.
    bam(dana, date(2026, 1, 22), 5, 5, 5)
    bam(dana, date(2026, 3, 3), 6, 4, 9)
    bam(alex, date(2026, 2, 3), 6, 10, 8)
    bam(alex, date(2026, 2, 24), 4, 8, 10)
    bam(alex, date(2026, 3, 2), 2, 9, 12)
    bam(blake, date(2026, 2, 20), 3, 3, 3)
    bam(elsewhere, date(2026, 1, 10), 9, 9, 9)
    bam(elsewhere, date(2026, 2, 10), 0, 0, 20)

    # Alerts: three mental ones acknowledged after 2, 6 and 3 hours (Dana's re-opened and
    # acknowledged 3 hours after), one physical never acknowledged and escalated.
    alert(
        alex,
        "mental",
        at(date(2026, 2, 2), 9),
        status=AlertStatus.RESOLVED,
        acknowledged_by=counselor,
        acknowledged_at=at(date(2026, 2, 2), 11),
        resolved_at=at(date(2026, 2, 3)),
    )
    alert(
        blake,
        "mental",
        at(date(2026, 2, 16), 8),
        status=AlertStatus.ACKNOWLEDGED,
        acknowledged_by=counselor,
        acknowledged_at=at(date(2026, 2, 16), 14),
    )
    alert(
        dana,
        "mental",
        at(date(2026, 2, 10), 10),
        status=AlertStatus.ACKNOWLEDGED,
        acknowledged_by=counselor,
        acknowledged_at=at(date(2026, 2, 11), 13),
        reopened_at=at(date(2026, 2, 11), 10),
    )
    physical = alert(alex, "physical", at(date(2026, 2, 20), 12))
    delivery = outbox.record(
        Purpose.ALERT_ESCALATION, Channel.EMAIL, counselor.email, "x", to_user=counselor
    )
    AlertNotice.objects.create(
        alert=physical,
        kind=NoticeKind.ESCALATION,
        delivery=delivery,
        created_at=at(date(2026, 2, 20), 13),
    )
    alert(elsewhere, "physical", at(date(2026, 2, 20), 12))

    # Alumni: Alex in the group from February, Blake from March.
    coordinator = UserFactory(role=Role.COORDINATOR, program=program, reminder=False)
    group = AlumniGroup.objects.create(name="Alumni", program=program)
    GroupMembership.objects.create(group=group, member=alex, joined_on=date(2026, 2, 1))
    GroupMembership.objects.create(group=group, member=blake, joined_on=date(2026, 3, 1))
    feb_event = event(group, coordinator, at(date(2026, 2, 12), 18))
    mar_event = event(group, coordinator, at(date(2026, 3, 5), 18))
    Rsvp.objects.create(event=feb_event, member=alex, attended=True)
    Rsvp.objects.create(event=mar_event, member=alex, attended=None)
    Rsvp.objects.create(event=mar_event, member=blake, attended=True)
    return {"dana": dana, "alex": alex, "blake": blake, "casey": casey, "elsewhere": elsewhere}


def event(group: AlumniGroup, coordinator: User, starts: datetime) -> Event:
    return Event.objects.create(
        title="Meeting",
        kind="meeting",
        group=group,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        created_by=coordinator,
    )
