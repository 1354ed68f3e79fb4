"""The member's "who saw my record": one row per person and day, with what, when, why and
under which consent; refused attempts shown; constant queries; paginated."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import REFUSED, AuditEvent, Consent, Scope
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _event(member, actor, action, scope, at, consent=None):
    return AuditEvent.objects.create(
        actor=actor,
        member=member,
        action=action,
        scope=scope,
        at=at,
        consent=consent,
        purpose=consent.purpose if consent else "",
    )


def test_views_are_grouped_by_person_and_day_with_what_why_and_consent(
    signed_in, member, counselor
):
    consent = Consent.objects.get(member=member)
    noon = timezone.now().replace(hour=17, minute=0)  # midday in New York
    for minutes in range(8):  # the flood the issue saw: eight near-identical rows
        _event(
            member, counselor, "view_plan", Scope.PLAN, noon + timedelta(minutes=minutes), consent
        )
    _event(member, counselor, "view_checkins", Scope.CHECKINS, noon, consent)
    _event(member, counselor, "view_client", Scope.ENGAGEMENT, noon - timedelta(days=1))
    stranger = UserFactory(role="counselor", display_name="Pat")
    _event(member, stranger, REFUSED, Scope.PLAN, noon)

    page = signed_in.get("/account/access-log/")
    rows = page.context["page"].object_list
    assert [(r.actor.display_name, r.count) for r in rows] == [
        ("Casey", 9),
        ("Pat", 1),
        ("Casey", 1),
    ]
    casey_today = rows[0]
    assert sorted(casey_today.what) == [
        "Looked at your check-ins and reports of use",
        "Read your plan",
    ]
    assert casey_today.why == ["Care with my counselor"]
    assert casey_today.consents == [consent]
    html = page.content.decode()
    assert "Read your plan" in html and "Care with my counselor" in html
    assert "Waypoint did not let them in" in html
    assert "no consent needed (your care team or program)" in html


def test_the_log_takes_the_same_queries_for_a_long_history(
    signed_in, member, counselor, django_assert_num_queries
):
    consent = Consent.objects.get(member=member)
    now = timezone.now()
    _event(member, counselor, "view_plan", Scope.PLAN, now, consent)
    # session, user, then count, groups and their events (the help panel's people were
    # looked up by the first visit and are kept: home.help_people)
    signed_in.get("/account/access-log/")
    with django_assert_num_queries(5) as few:
        signed_in.get("/account/access-log/")
    for day in range(60):
        for person in range(2):
            actor = counselor if person else UserFactory(role="coordinator")
            _event(member, actor, "view_engagement", Scope.ENGAGEMENT, now - timedelta(days=day))
    with django_assert_num_queries(len(few.captured_queries)):
        response = signed_in.get("/account/access-log/?page=2")
    assert len(response.context["page"].object_list) == 20
    assert response.context["page"].paginator.num_pages == 6  # 120 person-days
    html = response.content.decode()
    # Newer and Older end at the list, so the page opens there rather than at the top.
    assert 'href="?page=1#access-log">Newer' in html and 'href="?page=3#access-log">Older' in html
    assert '<ol class="list-unstyled" id="access-log">' in html


def test_only_the_member_sees_their_log(client, member, counselor, other_member):
    _event(member, counselor, "view_plan", Scope.PLAN, timezone.now())
    client.force_login(other_member)
    assert "Casey" not in client.get("/account/access-log/").content.decode()
    client.force_login(counselor)
    assert client.get("/account/access-log/").status_code == 403
