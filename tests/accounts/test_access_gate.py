"""The access gate as a table: who may see which part of a member's record."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.utils import timezone
from django.views.generic import TemplateView

from accounts.access import (
    MemberRecordMixin,
    can_view,
    care_teams,
    counselors_who_see,
    require_access,
    shares,
    viewers_of,
    visible_members,
)
from accounts.models import REFUSED, AuditEvent, Role, Scope, User
from tests.factories import CareAssignmentFactory, ConsentFactory, UserFactory
from tests.personas import counselor_for

ENGAGEMENT, PLAN, CHECKINS, ALERTS = Scope.ENGAGEMENT, Scope.PLAN, Scope.CHECKINS, Scope.ALERTS
EVERYTHING = {ENGAGEMENT, PLAN, CHECKINS, ALERTS}


@pytest.fixture
def counselor_with_plan_consent_only(member):
    return counselor_for(member, scopes=(PLAN,))


@pytest.fixture
def counselor_with_revoked_consent(member):
    counselor = counselor_for(member)
    counselor.consents_received.get().revoke()
    return counselor


@pytest.fixture
def counselor_with_expired_consent(member):
    counselor = counselor_for(member, scopes=())
    past = timezone.now() - timedelta(days=30)
    ConsentFactory(
        member=member, recipient=counselor, granted_at=past, expires_at=past + timedelta(days=1)
    )
    return counselor


# Who (a fixture around `member`, see tests/personas.py) may see which scope of the member.
MATRIX = {
    "member": EVERYTHING,
    "counselor": EVERYTHING,  # on the care team, consent to every scope
    "counselor_without_consent": {ENGAGEMENT},
    "counselor_with_plan_consent_only": {ENGAGEMENT, PLAN},
    "counselor_with_revoked_consent": {ENGAGEMENT},
    "counselor_with_expired_consent": {ENGAGEMENT},
    "counselor_off_team": set(),
    "counselor_link_ended": set(),
    "inactive_counselor": set(),
    "coordinator": {ENGAGEMENT},  # of the member's program
    "coordinator_with_consent": EVERYTHING,
    "coordinator_elsewhere": set(),
    "program_admin": set(),
    "other_member": set(),
    "anonymous": set(),
}
CASES = [(p, s, s in allowed) for p, allowed in MATRIX.items() for s in Scope]


@pytest.fixture
def case(request, member):
    name, scope, allowed = request.param
    return request.getfixturevalue(name), scope, allowed


def _parametrize_cases(test):
    ids = [f"{p}-{s.value}-{'allow' if a else 'deny'}" for p, s, a in CASES]
    return pytest.mark.parametrize("case", CASES, ids=ids, indirect=True)(test)


@pytest.mark.django_db
@_parametrize_cases
def test_can_view_and_visible_members_follow_the_table(member, case):
    viewer, scope, allowed = case

    assert can_view(viewer, member, scope) is allowed
    assert (member in visible_members(viewer, scope)) is allowed
    [marked] = User.objects.filter(pk=member.pk).annotate(s=shares(viewer, scope))
    assert bool(marked.s) is allowed


@pytest.mark.django_db
@_parametrize_cases
def test_the_lists_of_viewers_follow_the_table(member, case):
    viewer, scope, allowed = case
    # The member always sees their own record; these lists name everyone else.
    someone_else = allowed and viewer != member
    is_counselor = getattr(viewer, "role", None) == Role.COUNSELOR

    assert (viewer in viewers_of(member, scope)) is someone_else
    assert (viewer in counselors_who_see(member, scope)) is (someone_else and is_counselor)
    if scope == ENGAGEMENT:
        assert (viewer in care_teams([member.pk]).get(member.pk, [])) is (
            someone_else and is_counselor
        )


@pytest.mark.django_db
@pytest.mark.urls("tests.accounts.gate_urls")
@_parametrize_cases
def test_a_page_behind_the_gate_opens_and_audits_exactly_by_the_table(client, member, case):
    viewer, scope, allowed = case
    if not isinstance(viewer, AnonymousUser):
        client.force_login(viewer)

    response = client.get(f"/gate-probe/{scope.value}/{member.pk}/", REMOTE_ADDR="203.0.113.7")

    assert response.status_code == (200 if allowed else 404)
    events = list(AuditEvent.objects.values_list("actor", "member", "scope", "ip", "action"))
    # An audit event when someone else's record is opened, and when a signed-in person is
    # turned away from it (a refused attempt); none for the member or a signed-out visitor.
    signed_in_other = viewer != member and not isinstance(viewer, AnonymousUser)
    if allowed and viewer != member:
        assert events == [(viewer.pk, member.pk, scope, "203.0.113.7", "probe")]
    elif signed_in_other and viewer.is_active:
        assert events == [(viewer.pk, member.pk, scope, "203.0.113.7", REFUSED)]
    else:
        assert events == []


def _request(user):
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.7")
    request.user = user
    return request


@pytest.mark.django_db
@_parametrize_cases
def test_require_access_returns_the_member_or_raises_404(member, case):
    viewer, scope, allowed = case
    if allowed:
        assert require_access(_request(viewer), member.pk, scope) == member
    else:
        with pytest.raises(Http404):
            require_access(_request(viewer), member.pk, scope)


@pytest.mark.django_db
def test_a_member_whose_account_was_closed_is_hidden_from_their_counselor(member, counselor):
    User.objects.filter(pk=member.pk).update(is_active=False)
    member.refresh_from_db()
    assert not can_view(counselor, member, PLAN)
    assert list(visible_members(counselor, ENGAGEMENT)) == []
    assert list(viewers_of(member, ALERTS)) == []
    assert care_teams([member.pk]) == {}


@pytest.mark.django_db
def test_can_view_costs_one_query_whoever_asks(member, counselor, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert can_view(counselor, member, PLAN)
    stranger = UserFactory(role=Role.COUNSELOR)
    with django_assert_num_queries(1):
        assert not can_view(stranger, member, PLAN)
    with django_assert_num_queries(0):
        assert can_view(member, member, PLAN)


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
    coordinator = UserFactory(role=Role.COORDINATOR, program=member.program)
    elsewhere = UserFactory(role=Role.COORDINATOR, program__name="Another program")
    assert can_view(counselor, member, Scope.ENGAGEMENT)
    assert can_view(coordinator, member, Scope.ENGAGEMENT)
    assert not can_view(elsewhere, member, Scope.ENGAGEMENT)
    assert not can_view(counselor_for(member, on_team=False), member, Scope.ENGAGEMENT)


@pytest.mark.django_db
def test_visible_members_agrees_with_can_view(member, other_member):
    counselor = counselor_for(member, scopes=(PLAN,))
    CareAssignmentFactory(counselor=counselor, member=other_member)  # on team, no consent
    counselor_for(other_member)  # someone else's consent does not leak across

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
    refused = AuditEvent.objects.get(member=other_member)
    assert (refused.actor, refused.action, refused.scope) == (counselor, REFUSED, Scope.PLAN)

    anonymous_response = view(_request(AnonymousUser()), member_id=member.pk)
    assert anonymous_response.status_code == 302
    assert AuditEvent.objects.count() == 2
