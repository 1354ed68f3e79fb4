"""A member shares parts of their record, stops sharing, and sees who looked."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.access import can_view, require_access
from accounts.models import AuditEvent, Consent, Scope
from tests.factories import CareAssignmentFactory, ConsentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _choices(recipient, **extra):
    in_a_month = (timezone.localdate() + timedelta(days=30)).isoformat()
    return {
        "recipient": extra.pop("recipient_override", recipient.pk),
        "scope_plan": "on",
        "purpose": "Plan review",
        "ends": "date",
        "expires_on": in_a_month,
        **extra,
    }


def _review(client, member, recipient, **extra):
    client.force_login(member)
    return client.post("/account/sharing/", {**_choices(recipient, **extra), "step": "review"})


def _grant(client, member, recipient, **extra):
    """Step one (read the words), then step two (sign what was shown)."""
    signature = extra.pop("signature", member.display_name)
    review = _review(client, member, recipient, **extra)
    if "shown" not in review.context:
        return review  # step one refused the choices
    data = {
        **_choices(recipient, **extra),
        "shown": review.context["shown"],
        "signature": signature,
        "step": "sign",
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
    response = client.post(f"/account/sharing/{consent.pk}/stop/", {"confirm": "stop"})
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
    stop = f"/account/sharing/{consent.pk}/stop/"
    assert client.post(stop, {"confirm": "stop"}).status_code == 404
    assert client.get(stop).status_code == 404
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


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (timezone.localdate() + timedelta(days=6 * 365), "within five years"),
        ("9999-12-31", "Please check the year: choose a date between 1900 and 2100."),
    ],
)
def test_a_far_future_end_date_is_refused(client, member, day, message):
    counselor = CareAssignmentFactory(member=member).counselor
    response = _grant(client, member, counselor, expires_on=str(day))
    assert message in response.content.decode()
    assert response.status_code == 200
    assert not Consent.objects.exists()


def test_the_consent_shows_and_keeps_every_element_the_member_read(client, member, settings):
    settings.WAYPOINT_PROGRAM_NAME = "Harbor Light"
    counselor = CareAssignmentFactory(member=member, counselor__display_name="Casey").counselor
    review = _review(client, member, counselor, scope_checkins="on")
    shown = review.content.decode()
    text = review.context["text"]
    for element in [
        "Member: Alex",
        "Harbor Light",  # the disclosing program
        "Shared with: Casey (Counselor)",
        "My relapse-prevention plan",
        "My daily check-ins",
        "Why: Plan review",
        "This consent ends at the end of",
        "Stopping it does not undo what was already shared",
        "do not depend on whether I sign",
        "forbid them to share it further",
        "Date:",
    ]:
        assert element in text, element
        assert element.replace("'", "&#x27;") in shown, element
    assert not Consent.objects.exists()  # reading is not signing

    _grant(client, member, counselor, scope_checkins="on", signature="Alex R.")
    consent = Consent.objects.get()
    assert consent.text == text.replace("Signed: ", "Signed: Alex R.")
    assert consent.discloser == "Harbor Light (Test Program)"  # and the member's track
    assert consent.recipient_name == "Casey"
    assert consent.signature == "Alex R."
    assert timezone.localdate(consent.expires_at) == timezone.localdate() + timedelta(days=30)
    assert consent.scopes == [Scope.PLAN, Scope.CHECKINS]


def test_a_consent_can_end_with_an_event_instead_of_a_date(client, member):
    counselor = CareAssignmentFactory(member=member, counselor__display_name="Casey").counselor
    _grant(client, member, counselor, ends="works_with_me", expires_on="")
    consent = Consent.objects.get()
    assert consent.expires_at is None and consent.expiry_event == "works_with_me"
    assert "when Casey no longer works with me in the program" in consent.text
    assert can_view(counselor, member, Scope.PLAN)
    # The event: Casey leaves the member's program, and the consent no longer holds.
    counselor.program = None
    counselor.save()
    assert not can_view(counselor, member, Scope.PLAN)


def test_every_consent_ends_and_nothing_signs_without_a_signature(client, member):
    counselor = CareAssignmentFactory(member=member).counselor
    for case in [{"ends": ""}, {"ends": "date", "expires_on": ""}, {"ends": "never"}]:
        response = _grant(client, member, counselor, **case)
        assert response.status_code == 200, case
    assert _grant(client, member, counselor, signature="  ").status_code == 200
    assert not Consent.objects.exists()


def test_words_that_changed_since_they_were_read_are_not_signed(client, member):
    counselor = CareAssignmentFactory(member=member, counselor__display_name="Casey").counselor
    review = _review(client, member, counselor)
    counselor.display_name = "Someone else"
    counselor.save()
    data = {**_choices(counselor), "shown": review.context["shown"], "signature": "Alex"}
    response = client.post("/account/sharing/", {**data, "step": "sign"})
    assert "changed while you were reading" in response.content.decode()
    assert not Consent.objects.exists()


def test_a_second_tap_on_sign_shares_once(client, member):
    counselor = CareAssignmentFactory(member=member).counselor
    review = _review(client, member, counselor)
    data = {**_choices(counselor), "shown": review.context["shown"], "signature": "Alex"}
    for _ in range(2):
        assert client.post("/account/sharing/", {**data, "step": "sign"}).status_code == 302
    assert Consent.objects.count() == 1


def test_an_unknown_or_missing_step_is_refused(client, member):
    counselor = CareAssignmentFactory(member=member).counselor
    client.force_login(member)
    for step in ({}, {"step": "share"}):
        data = {**_choices(counselor), "signature": "Alex", **step}
        assert client.post("/account/sharing/", data).status_code == 400
    assert not Consent.objects.exists()


def test_stopping_asks_first_and_can_be_undone_as_a_new_consent(client, member, counselor):
    consent = Consent.objects.get(member=member)
    client.force_login(member)
    stop = f"/account/sharing/{consent.pk}/stop/"
    page = client.get(stop).content.decode()
    assert "What they already saw stays seen" in page
    assert can_view(counselor, member, Scope.PLAN)  # asking changed nothing
    assert client.post(stop).status_code == 400  # no confirmation, no stop
    assert can_view(counselor, member, Scope.PLAN)
    client.post(stop, {"confirm": "stop"})
    assert not can_view(counselor, member, Scope.PLAN)

    again = client.get(f"/account/sharing/?again={consent.pk}")
    form = again.context["form"]
    assert form.initial["recipient"] == counselor.pk
    assert form.initial["renews"] == consent.pk
    data = {k: v for k, v in form.initial.items() if not k.startswith("scope_") or v}
    data = {**data, **{k: "on" for k, v in form.initial.items() if k.startswith("scope_") and v}}
    review = client.post("/account/sharing/", {**data, "step": "review"})
    signed = {**data, "shown": review.context["shown"], "signature": "Alex", "step": "sign"}
    client.post("/account/sharing/", signed)
    renewed = Consent.objects.get(renews=consent)
    assert renewed.is_active() and renewed.scopes == consent.scopes
    assert can_view(counselor, member, Scope.PLAN)
    consent.refresh_from_db()
    assert consent.revoked_at is not None  # the stop itself stays on record


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
