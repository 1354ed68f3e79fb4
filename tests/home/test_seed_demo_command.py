"""seed_demo: the same demo data however often it runs; never with DEBUG off."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command

from accounts.access import can_view
from accounts.models import CareAssignment, Consent, Program, Role, Scope, User
from alumni.models import AlumniGroup, Event, Rsvp
from checkins.models import CheckIn
from contacts.models import SupportContact
from plans.models import Plan, PlanReview
from plans.status import state_of
from reminders.models import ReminderSchedule
from stepping_up.models import CareRequest
from tests.factories import ConsentFactory

pytestmark = pytest.mark.django_db


def _snapshot():
    return {
        "people": sorted(
            User.objects.values_list("email", "display_name", "role", "timezone", "is_staff")
        ),
        "programs": list(Program.objects.values_list("name", flat=True)),
        "care": sorted(CareAssignment.objects.values_list("counselor__email", "member__email")),
        "plans": sorted(
            Plan.objects.values_list("member__email", "revision", "finished_sections", "content")
        ),
        "reviews": PlanReview.objects.count(),
        "checkins": CheckIn.objects.count(),
        "contacts": sorted(
            SupportContact.objects.values_list("member__email", "name", "phone", "position")
        ),
        "groups": sorted(AlumniGroup.objects.values_list("name", flat=True)),
        "events": Event.objects.count(),
        "rsvps": Rsvp.objects.count(),
        "reminders": sorted(
            ReminderSchedule.objects.values_list("member__email", "by_email", "in_app")
        ),
        "care_requests": sorted(
            CareRequest.objects.values_list("member__email", "level", "origin", "note")
        ),
        "consents": sorted(
            Consent.objects.values_list(
                "member__email", "recipient__email", "scope_plan", "scope_checkins"
            )
        ),
    }


def test_running_it_twice_gives_the_same_data(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    first = _snapshot()
    call_command("seed_demo")
    assert _snapshot() == first

    emails = {email for email, *_ in first["people"]}
    assert {
        "alex@example.org",
        "casey@example.org",
        "jordan@example.org",
        "admin@example.org",
    } <= emails
    alex = User.objects.get(email="alex@example.org")
    casey = User.objects.get(email="casey@example.org")
    assert alex.check_password("waypoint-demo")
    assert can_view(casey, alex, Scope.PLAN)
    assert User.objects.get(email="jordan@example.org").role == Role.COORDINATOR
    assert User.objects.get(email="admin@example.org").is_staff

    alex_plan = Plan.objects.get(member=alex)
    assert alex_plan.is_complete and alex_plan.versions.count() == 2
    assert state_of(alex_plan, alex_plan.reviews.first()) == "changed_since_review"
    assert list(SupportContact.objects.filter(member=alex).values_list("name", flat=True)) == [
        "Marcus",
        "Dana",
        "Luis",
    ]
    assert len(first["groups"]) == 2 and first["events"] >= 6
    assert CheckIn.objects.filter(member=alex).count() == 59
    # Every member has a reminder; Morgan's is due in a couple of minutes, for `make run`.
    assert set(first["reminders"]) == {
        (f"{name}@example.org", True, True)
        for name in ("alex", "sam", "riley", "morgan", "taylor", "lucia")
    }
    # Lucía reads Waypoint in Spanish; the others have not chosen (their browser decides).
    assert dict(User.objects.exclude(language="").values_list("email", "language")) == {
        "lucia@example.org": "es"
    }
    assert User.objects.get(email="casey@example.org").on_call
    sam_plan = Plan.objects.get(member__email="sam@example.org")
    # Sam asked for more support, and shares the plan with Casey: it is in Casey's inbox.
    [(sam, level, *_rest)] = first["care_requests"]
    assert (sam, level) == ("sam@example.org", "not_sure")
    assert 0 < sam_plan.finished_count < len(alex_plan.finished_sections)


def test_it_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_the_demo_reminder_goes_out_within_a_minute_of_its_time(settings, mailoutbox):
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    import time_machine

    from reminders.models import ReminderDelivery
    from reminders.tasks import dispatch_reminders

    settings.DEBUG = True
    call_command("seed_demo")
    morgan = User.objects.get(email="morgan@example.org")
    schedule = ReminderSchedule.objects.get(member=morgan)
    due = datetime.combine(
        datetime.now(ZoneInfo(morgan.timezone)).date(), schedule.local_time
    ).replace(tzinfo=ZoneInfo(morgan.timezone))
    if due < datetime.now(ZoneInfo(morgan.timezone)):  # seeded just before midnight
        due += timedelta(days=1)

    with time_machine.travel(due - timedelta(minutes=1), tick=False):
        dispatch_reminders()
    assert not ReminderDelivery.objects.filter(member=morgan).exists()
    with time_machine.travel(due + timedelta(seconds=20), tick=False):
        dispatch_reminders()

    # The check-in reminder, and (Morgan never answered one) the BAM's, on the same time.
    assert sorted(
        ReminderDelivery.objects.filter(member=morgan).values_list(
            "kind", "channel", "delivery__status"
        )
    ) == [
        ("bam", "app", "sent"),
        ("bam", "email", "sent"),
        ("checkin", "app", "sent"),
        ("checkin", "email", "sent"),
    ]
    # (Others' evening reminders may share the minute: count Morgan's alone.)
    assert [m.to for m in mailoutbox].count(["morgan@example.org"]) == 2


def test_it_runs_again_after_the_demo_people_stopped_and_restarted_sharing(settings):
    """make run after trying the demo: sharing stopped, restarted twice, narrowed."""
    settings.DEBUG = True
    call_command("seed_demo")
    alex = User.objects.get(email="alex@example.org")
    casey = User.objects.get(email="casey@example.org")
    for alerts_too in (False, True):
        for consent in Consent.objects.active().filter(member=alex):
            assert consent.revoke()
        ConsentFactory(member=alex, recipient=casey, scope_checkins=False, scope_alerts=alerts_too)
    ConsentFactory(member=alex, recipient=casey, scope_checkins=False, scope_alerts=False)
    assert not can_view(casey, alex, Scope.CHECKINS)

    call_command("seed_demo")

    # The demo is back to what the README describes: Casey sees Alex's whole record.
    assert all(can_view(casey, alex, scope) for scope in (Scope.PLAN, Scope.CHECKINS, Scope.ALERTS))
    call_command("seed_demo")  # and once more, with several active consents in place
    assert Consent.objects.active().filter(member=alex, scope_checkins=True).count() == 1


@pytest.mark.parametrize("day", range(22, 29))  # Sunday Nov 22 to Saturday Nov 28, 2026
def test_the_tuesday_meeting_falls_on_tuesdays_whatever_day_the_demo_is_loaded(settings, day):
    settings.DEBUG = True
    loaded = datetime(2026, 11, day, 12, 0, tzinfo=ZoneInfo(settings.TIME_ZONE))
    with time_machine.travel(loaded, tick=False):
        call_command("seed_demo")
    meetings = Event.objects.filter(title="Tuesday alumni meeting").order_by("starts_at")
    starts = [m.starts_at.astimezone(ZoneInfo(settings.TIME_ZONE)) for m in meetings]
    assert [s.strftime("%A %H:%M") for s in starts] == ["Tuesday 19:00"] * 4
    assert [s < loaded for s in starts] == [True, True, True, False]
    assert starts[-1] - loaded < timedelta(days=8) and loaded - starts[-2] < timedelta(days=8)
