"""The access gate as a table: who may see which part of a member's record."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.utils import timezone
from django.views.generic import TemplateView

from accounts.access import MemberRecordMixin, can_view, require_access, visible_members
from accounts.models import AuditEvent, Role, Scope
from tests.factories import CareAssignmentFactory, ConsentFactory, UserFactory

PLAN, CHECKINS, ALERTS = Scope.PLAN, Scope.CHECKINS, Scope.ALERTS
ALL = (PLAN, CHECKINS, ALERTS)


def _counselor_with(member, *, scopes=ALL, assigned=True, **consent):
    counselor = UserFactory(role=Role.COUNSELOR)
    if assigned:
        CareAssignmentFactory(counselor=counselor, member=member)
    ConsentFactory(
        member=member,
        recipient=counselor,
        **{f"scope_{s}": s in scopes for s in ALL},
        **consent,
    )
    return counselor


def member_self(member):
    return member


def another_member(member):
    return UserFactory(role=Role.MEMBER, program=member.program)


def assigned_counselor_with_consent(member):
    return _counselor_with(member)


def counselor_with_consent_for_plan_only(member):
    return _counselor_with(member, scopes=(PLAN,))


def counselor_with_revoked_consent(member):
    counselor = _counselor_with(member)
    counselor.consents_received.get().revoke()
    return counselor


def counselor_with_expired_consent(member):
    past = timezone.now() - timedelta(days=30)
    return _counselor_with(member, granted_at=past, expires_at=past + timedelta(days=1))


def unassigned_counselor_with_consent(member):
    return _counselor_with(member, assigned=False)


def counselor_whose_care_link_ended(member):
    counselor = _counselor_with(member, assigned=False)
    today = timezone.localdate()
    CareAssignmentFactory(
        counselor=counselor,
        member=member,
        started_on=today - timedelta(days=60),
        ended_on=today - timedelta(days=1),
    )
    return counselor


def coordinator_of_the_program(member):
    return UserFactory(role=Role.COORDINATOR, program=member.program)


def program_admin(member):
    return UserFactory(
        role=Role.COORDINATOR, is_staff=True, is_superuser=True, program=member.program
    )


def anonymous(member):
    return AnonymousUser()


MATRIX = [
    (member_self, {PLAN, CHECKINS, ALERTS}),
    (another_member, set()),
    (assigned_counselor_with_consent, {PLAN, CHECKINS, ALERTS}),
    (counselor_with_consent_for_plan_only, {PLAN}),
    (counselor_with_revoked_consent, set()),
    (counselor_with_expired_consent, set()),
    (unassigned_counselor_with_consent, set()),
    (counselor_whose_care_link_ended, set()),
    (coordinator_of_the_program, set()),
    (program_admin, set()),
    (anonymous, set()),
]


def _request(user):
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.7")
    request.user = user
    return request


@pytest.mark.django_db
@pytest.mark.parametrize("scope", ALL)
@pytest.mark.parametrize(("persona", "allowed"), MATRIX, ids=[p.__name__ for p, _ in MATRIX])
def test_the_gate_allows_exactly_the_table(member, persona, allowed, scope):
    viewer = persona(member)
    expected = scope in allowed

    assert can_view(viewer, member, scope) is expected

    before = AuditEvent.objects.count()
    if expected:
        assert require_access(_request(viewer), member.pk, scope) == member
    else:
        with pytest.raises(Http404):
            require_access(_request(viewer), member.pk, scope)

    # An audit event exactly when someone else's record is opened.
    someone_else_saw_it = expected and viewer != member
    assert AuditEvent.objects.count() - before == (1 if someone_else_saw_it else 0)
    if someone_else_saw_it:
        event = AuditEvent.objects.latest("at")
        assert (event.actor, event.member, event.scope, event.ip) == (
            viewer,
            member,
            scope,
            "203.0.113.7",
        )


@pytest.mark.django_db
def test_it_answers_404_for_a_member_that_does_not_exist(counselor):
    with pytest.raises(Http404):
        require_access(_request(counselor), 999_999, PLAN)


@pytest.mark.django_db
def test_it_never_opens_a_counselors_own_record_to_a_colleague(counselor):
    colleague = UserFactory(role=Role.COUNSELOR)
    assert not can_view(colleague, counselor, PLAN)


@pytest.mark.django_db
def test_engagement_is_for_the_care_team_and_the_programs_coordinators(member, counselor):
    coordinator = coordinator_of_the_program(member)
    elsewhere = UserFactory(role=Role.COORDINATOR, program__name="Another program")
    assert can_view(counselor, member, Scope.ENGAGEMENT)
    assert can_view(coordinator, member, Scope.ENGAGEMENT)
    assert not can_view(elsewhere, member, Scope.ENGAGEMENT)
    assert not can_view(unassigned_counselor_with_consent(member), member, Scope.ENGAGEMENT)


@pytest.mark.django_db
def test_visible_members_agrees_with_can_view(member, other_member):
    counselor = _counselor_with(member, scopes=(PLAN,))
    CareAssignmentFactory(counselor=counselor, member=other_member)  # on team, no consent
    _counselor_with(other_member)  # someone else's consent does not leak across

    assert list(visible_members(counselor, PLAN)) == [member]
    assert list(visible_members(counselor, CHECKINS)) == []
    assert set(visible_members(counselor, Scope.ENGAGEMENT)) == {member, other_member}


class _PlanView(MemberRecordMixin, TemplateView):
    scope = PLAN

    def get(self, request, *args, **kwargs):
        return HttpResponse(f"plan of {self.member.display_name}")


@pytest.mark.django_db
def test_the_view_mixin_shows_audits_and_refuses(member, counselor, other_member):
    view = _PlanView.as_view()

    response = view(_request(counselor), member_id=member.pk)
    assert response.content.decode() == f"plan of {member.display_name}"
    assert AuditEvent.objects.filter(actor=counselor, member=member).count() == 1

    with pytest.raises(Http404):
        view(_request(counselor), member_id=other_member.pk)

    anonymous_response = view(_request(AnonymousUser()), member_id=member.pk)
    assert anonymous_response.status_code == 302
    assert AuditEvent.objects.count() == 1
