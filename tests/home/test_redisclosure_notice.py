"""Every page that shows a member's record to someone else carries the 42 CFR 2.32 notice
and names the consent it relies on; the member's own pages do not need it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import AuditEvent, Consent, Scope
from tests.alerts.helpers import open_alert

pytestmark = pytest.mark.django_db

NOTICE = "This record which has been disclosed to you is protected by Federal confidentiality"


def _consent_line(consent: Consent) -> str:
    day = date_format(timezone.localdate(consent.granted_at), "M j, Y")
    until = date_format(timezone.localdate(consent.expires_at), "M j, Y")
    return f"Shared with you under Alex&#x27;s consent of {day}, until {until}."


@pytest.mark.parametrize(
    "url",
    [
        "/counselor/clients/{pk}/",
        "/counselor/clients/{pk}/plan/history/",
        "/counselor/",
        "/alerts/",
    ],
)
def test_a_counselor_sees_the_notice_and_the_consent_it_relies_on(
    client, member, counselor, plan, url
):
    open_alert(member, "mental", 1)
    consent = Consent.objects.get(member=member)
    client.force_login(counselor)
    page = client.get(url.format(pk=member.pk)).content.decode()
    assert NOTICE in page
    assert "42 CFR 2.31" in page
    assert _consent_line(consent) in page
    # The audit event names the same consent.
    assert AuditEvent.objects.filter(consent=consent, scope__in=Scope.values).exists()


def test_the_member_does_not_see_the_notice_on_their_own_record(signed_in, plan):
    for url in ("/plan/", "/plan/history/", "/checkins/", "/plan/print/"):
        assert NOTICE not in signed_in.get(url).content.decode(), url


def test_a_renewed_consent_is_the_one_named(client, member, counselor, plan):
    old = Consent.objects.get(member=member)
    old.revoke()
    new = Consent.objects.create(
        **{
            f.name: getattr(old, f.name)
            for f in Consent._meta.concrete_fields
            if f.name not in ("id", "revoked_at", "granted_at", "expires_at", "renews")
        },
        expires_at=timezone.now() + timedelta(days=90),
        renews=old,
    )
    client.force_login(counselor)
    page = client.get(f"/counselor/clients/{member.pk}/").content.decode()
    assert _consent_line(new) in page
    assert AuditEvent.objects.filter(consent=new, action="view_plan").exists()
    assert not AuditEvent.objects.filter(consent=old).exists()
