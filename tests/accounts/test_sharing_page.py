"""A member shares parts of their record, stops sharing, and sees who looked."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.access import can_view, require_access
from accounts.models import AuditEvent, Consent, Scope
from tests.factories import CareAssignmentFactory, ConsentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _grant(client, member, recipient, **extra):
    client.force_login(member)
    data = {
        "recipient": extra.pop("recipient_override", recipient.pk),
        "scope_plan": "on",
        "purpose": "Plan review",
        "signature": member.display_name,
        **extra,
    }
    return client.post("/account/sharing/", data)


def test_a_member_shares_their_plan_with_their_counselor(client, member):
    counselor = CareAssignmentFactory(member=member).counselor
    assert not can_view(counselor, member, Scope.PLAN)

    response = _grant(client, member, counselor)
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert consent.scopes == [Scope.PLAN]
    assert can_view(counselor, member, Scope.PLAN)
    assert not can_view(counselor, member, Scope.CHECKINS)


def test_stopping_takes_effect_at_once_and_keeps_the_record(client, member, counselor):
    consent = Consent.objects.get(member=member)
    client.force_login(member)
    response = client.post(f"/account/sharing/{consent.pk}/stop/")
    assert response.status_code == 302
    assert not can_view(counselor, member, Scope.PLAN)
    consent.refresh_from_db()
    assert consent.revoked_at is not None
    page = client.get("/account/sharing/").content.decode()
    assert "stopped" in page


def test_bad_sharing_input_changes_nothing(client, member):
    counselor = CareAssignmentFactory(member=member).counselor
    stranger = UserFactory(role="counselor")
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    cases = [
        {"scope_plan": ""},  # nothing chosen
        {"recipient_override": stranger.pk},  # not on the care team
        {"expires_on": yesterday},
        {"signature": ""},
    ]
    for case in cases:
        response = _grant(client, member, counselor, **case)
        assert response.status_code == 200, case
    assert not Consent.objects.exists()


def test_nobody_stops_someone_elses_sharing(client, member, counselor, other_member):
    consent = Consent.objects.get(member=member)
    client.force_login(other_member)
    assert client.post(f"/account/sharing/{consent.pk}/stop/").status_code == 404
    consent.refresh_from_db()
    assert consent.revoked_at is None


def test_consents_and_audit_events_are_never_deleted_or_changed(member, counselor, rf):
    consent = Consent.objects.get(member=member)
    with pytest.raises(PermissionError):
        consent.delete()
    request = rf.get("/")
    request.user = counselor
    require_access(request, member.pk, Scope.PLAN)
    event = AuditEvent.objects.get()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.update(action="edited")
    event.action = "edited"
    with pytest.raises(PermissionError):
        event.save()


def test_the_member_sees_who_viewed_their_record(client, member, counselor, rf):
    request = rf.get("/")
    request.user = counselor
    require_access(request, member.pk, Scope.CHECKINS)

    client.force_login(member)
    page = client.get("/account/access-log/").content.decode()
    assert counselor.display_name in page
    assert "Check-ins" in page


def test_expired_consent_stops_by_itself(member):
    counselor = CareAssignmentFactory(member=member).counselor
    ConsentFactory(
        member=member,
        recipient=counselor,
        granted_at=timezone.now() - timedelta(days=10),
        expires_at=timezone.now() - timedelta(seconds=1),
    )
    assert not can_view(counselor, member, Scope.PLAN)


def test_a_far_future_end_date_is_refused(client, member):
    counselor = CareAssignmentFactory(member=member).counselor
    response = _grant(client, member, counselor, expires_on="9999-12-31")
    assert "within five years" in response.content.decode()
    assert not Consent.objects.exists()


def test_only_the_care_team_and_program_staff_who_may_receive_are_offered(client, member):
    counselor = CareAssignmentFactory(member=member, counselor__display_name="Casey").counselor
    UserFactory(role="counselor", display_name="Not my counselor", program=member.program)
    UserFactory(role="coordinator", display_name="Jordan", program=member.program)
    admin = UserFactory(
        role="coordinator",
        display_name="Program Admin",
        program=member.program,
        is_staff=True,
        is_superuser=True,
    )
    client.force_login(member)

    form = client.get("/account/sharing/").context["form"]

    offered = [p.display_name for p in form.fields["recipient"].queryset]
    assert offered == ["Casey", "Jordan"]
    # Nor can a hand-made post share with the admin account.
    assert _grant(client, member, admin).status_code == 200
    assert not Consent.objects.filter(recipient=admin).exists()
    assert _grant(client, member, counselor).status_code == 302
