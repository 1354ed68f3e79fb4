"""The audit of a page that lists several members (accounts.access.record_list_views): one
event for each part of the record shown and each member it is shown for, each naming the
consent it relied on, and the consents for the notice: only those of the parts shown."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone

from accounts.access import record_list_view, record_list_views
from accounts.models import AuditEvent, Role, Scope
from tests.factories import CareAssignmentFactory, ConsentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.7")
    request.user = user
    return request


def _only(scope, **kwargs):
    flags = {f"scope_{s}": s == scope for s in (Scope.PLAN, Scope.ALERTS, Scope.CHECKINS)}
    return ConsentFactory(**flags, **kwargs)


@pytest.fixture
def team():
    counselor = UserFactory(role=Role.COUNSELOR)
    ann, ben = UserFactory(display_name="Ann"), UserFactory(display_name="Ben")
    for member in (ann, ben):
        CareAssignmentFactory(counselor=counselor, member=member)
    return counselor, ann, ben


def test_each_part_relies_on_its_own_members_consents_and_no_other(team, django_assert_num_queries):
    counselor, ann, ben = team
    ann_plan = _only(Scope.PLAN, member=ann, recipient=counselor)
    ann_alerts = _only(Scope.ALERTS, member=ann, recipient=counselor)
    ben_all = ConsentFactory(member=ben, recipient=counselor)

    with django_assert_num_queries(2):  # the consents for every part, one insert
        relied_on = record_list_views(
            _request(counselor),
            [
                (Scope.ALERTS, [ann], "view_inbox_alerts"),
                (Scope.CHECKINS, [ben], "view_inbox_checkins"),
                (Scope.PLAN, [], "view_inbox_plan"),  # no plan shown on this page
            ],
        )

    # Ann's plan consent covers nothing shown here: the notice must not name it.
    assert {c.pk for c in relied_on} == {ann_alerts.pk, ben_all.pk}
    assert ann_plan.pk not in {c.pk for c in relied_on}
    events = AuditEvent.objects.filter(actor=counselor).order_by("member__display_name")
    assert [(e.member, e.scope, e.consent_id, e.action, e.ip) for e in events] == [
        (ann, Scope.ALERTS, ann_alerts.pk, "view_inbox_alerts", "203.0.113.7"),
        (ben, Scope.CHECKINS, ben_all.pk, "view_inbox_checkins", "203.0.113.7"),
    ]


def test_each_scope_relies_on_the_newest_consent_that_covers_it(team):
    counselor, ann, _ = team
    older_all = ConsentFactory(
        member=ann, recipient=counselor, granted_at=timezone.now() - timedelta(days=30)
    )
    newer_plan = _only(Scope.PLAN, member=ann, recipient=counselor)

    relied_on = record_list_views(
        _request(counselor),
        [(Scope.PLAN, [ann], "view_plan"), (Scope.ALERTS, [ann], "view_alerts")],
    )

    by_scope = dict(AuditEvent.objects.filter(actor=counselor).values_list("scope", "consent"))
    assert by_scope == {Scope.PLAN: newer_plan.pk, Scope.ALERTS: older_all.pk}
    assert sorted(c.pk for c in relied_on) == sorted([newer_plan.pk, older_all.pk])


def test_engagement_needs_no_consent_and_a_member_is_not_audited_seeing_themselves(team):
    counselor, ann, ben = team
    ConsentFactory(member=ann, recipient=counselor)

    consents = record_list_view(_request(counselor), [ann, ben], Scope.ENGAGEMENT, action="list")
    record_list_view(_request(ann), [ann], Scope.PLAN, action="list")

    assert consents == {}
    assert sorted(AuditEvent.objects.values_list("actor", "member", "consent")) == sorted(
        [(counselor.pk, ann.pk, None), (counselor.pk, ben.pk, None)]
    )
