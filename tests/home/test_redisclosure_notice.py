"""Every page that shows a member's record to someone else carries the 42 CFR 2.32 notice
and names the consent it relies on; the member's own pages do not need it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import AuditEvent, Consent, Scope
from tests.alerts.helpers import open_alert
from tests.factories import CareAssignmentFactory, ConsentFactory

pytestmark = pytest.mark.django_db

NOTICE = "This record which has been disclosed to you is protected by Federal confidentiality"
SHORT = "42 CFR part 2 prohibits unauthorized use or disclosure of these records."


def _consent_line(consent: Consent) -> str:
    day = date_format(timezone.localdate(consent.granted_at), "M j, Y")
    until = date_format(timezone.localdate(consent.expires_at), "M j, Y")
    name = consent.member.display_name
    return f"Shared with you under {name}&#x27;s consent of {day}, until {until}."


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


def _shown_and_folded(page: str) -> tuple[str, str]:
    """The notice's always-shown part and the part in its "Read the full notice" disclosure."""
    aside = re.search(r'<aside [^>]*class="[^"]*redisclosure.*?</aside>', page, re.S).group(0)
    shown, folded = re.split(r"<details [^>]*data-open-wide[^>]*>", aside)
    return shown, folded


def test_the_short_statement_is_shown_and_the_full_one_is_in_the_page_a_tap_away(
    client, member, counselor, other_member
):
    CareAssignmentFactory(counselor=counselor, member=other_member)
    ConsentFactory(member=other_member, recipient=counselor)
    client.force_login(counselor)

    shown, folded = _shown_and_folded(
        client.get(f"/counselor/clients/{member.pk}/").content.decode()
    )
    assert SHORT in shown and NOTICE not in shown
    assert (
        "Read the full notice</summary>" in folded and NOTICE in folded and "42 CFR 2.31" in folded
    )
    # One member's page: the one consent it relies on stays in sight.
    assert _consent_line(Consent.objects.get(member=member)) in shown

    # A list: a line per member shown would fill a phone, so they are with the full text.
    shown, folded = _shown_and_folded(client.get("/counselor/").content.decode())
    assert SHORT in shown and "Shared with you" not in shown
    assert "Read the full notice and the consents it relies on</summary>" in folded
    for person in (member, other_member):
        assert _consent_line(Consent.objects.get(member=person)) in folded
    assert NOTICE in folded


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
