"""Invitation, joining, profile and sharing forms (accounts/forms.py) under any input."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import Consent, Invitation, Role, User
from tests.accounts.helpers import NEW_ACCOUNT
from tests.factories import CareAssignmentFactory, UserFactory
from tests.fuzz import (
    FORM_SETTINGS,
    MARKUP,
    choices_or_junk,
    dates,
    markup_escaped,
    one_field_changed,
    rolled_back,
    submit,
    text,
)

pytestmark = pytest.mark.django_db

emails = st.one_of(
    text,
    st.emails().map(str.lower),
    st.sampled_from(["a" * 248 + "@example.org", "robin@example.org\x00", "robin@@x", ""]),
)
names = st.one_of(text, st.sampled_from([f"Robin {m}" for m in MARKUP]))
zones = choices_or_junk(["America/Chicago", "Europe/London", "UTC", "Mars/Olympus"])


@FORM_SETTINGS
@given(
    data=one_field_changed(
        {"email": "robin@example.org", "display_name": "Robin", "role": "member"},
        {"email": emails, "display_name": names, "role": choices_or_junk(Role.values)},
    )
)
def test_any_invitation_is_recorded_or_refused_with_a_message(client, data):
    with rolled_back():
        client.force_login(UserFactory(role=Role.COUNSELOR))
        accepted, _ = submit(client, "/invitations/", data, Invitation.objects.count)
        if accepted:
            invitation = Invitation.objects.get()
            assert invitation.role == Role.MEMBER  # a counselor invites members only
            assert invitation.display_name == data["display_name"].strip()
            page = client.get("/invitations/").content.decode()
            assert markup_escaped([invitation.email], page) == []


@FORM_SETTINGS
@given(
    data=one_field_changed(
        NEW_ACCOUNT,
        {"display_name": names, "timezone": zones, "password1": text, "password2": text},
    )
)
def test_any_joining_form_makes_one_account_or_is_refused_with_a_message(client, data):
    with rolled_back():
        counselor = UserFactory(role=Role.COUNSELOR)
        invitation = Invitation.create(
            email="robin@example.org", role=Role.MEMBER, invited_by=counselor
        )
        path = f"/invite/{invitation.new_token()}/"
        accepted, _ = submit(client, path, data, User.objects.count)
        if accepted:
            robin = User.objects.get(email="robin@example.org")
            assert robin.display_name == data["display_name"].strip()


@FORM_SETTINGS
@given(
    data=one_field_changed(
        {"display_name": "Alex", "timezone": "America/New_York", "phone": ""},
        {
            "display_name": names,
            "timezone": zones,
            "phone": st.one_of(text, st.sampled_from(["(202) 555-0143", "+1" + "9" * 30])),
            "recovery_began_on": dates,
            "program_messages": choices_or_junk(["on", ""]),
        },
    )
)
def test_any_profile_change_is_saved_or_refused_with_a_message(signed_in, member, data):
    def stored():
        member.refresh_from_db()
        return (member.display_name, member.timezone, member.phone, member.recovery_began_on)

    with rolled_back():
        accepted, _ = submit(signed_in, "/account/", data, stored)
        member.refresh_from_db()
        if accepted:
            assert member.display_name == data["display_name"].strip()
            page = signed_in.get("/account/").content.decode()
            assert markup_escaped([member.display_name], page) == []


@FORM_SETTINGS
@given(
    data=one_field_changed(
        {"scope_plan": "on", "purpose": "Plan review", "signature": "Alex"},
        {
            "purpose": st.one_of(text, st.sampled_from(MARKUP)),
            "signature": names,
            "expires_on": dates,
            "scope_plan": choices_or_junk(["on", ""]),
            "recipient": st.text(max_size=6),
        },
    )
)
def test_any_consent_is_signed_or_refused_with_a_message(client, member, data):
    with rolled_back():
        counselor = CareAssignmentFactory(member=member).counselor
        client.force_login(member)
        accepted, _ = submit(
            client, "/account/sharing/", {"recipient": counselor.pk, **data}, Consent.objects.count
        )
        if accepted:
            consent = Consent.objects.get()
            assert consent.purpose == data["purpose"].strip()
            page = client.get("/account/sharing/").content.decode()
            assert markup_escaped([consent.purpose], page) == []
