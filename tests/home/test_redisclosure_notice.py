"""Every page that shows a member's record to someone else carries the 42 CFR 2.32 notice
and names the consent it relies on; the member's own pages do not need it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import AuditEvent, Consent, Scope, User
from tests.alerts.helpers import open_alert
from tests.factories import CareAssignmentFactory, ConsentFactory

pytestmark = pytest.mark.django_db

NOTICE = "This record which has been disclosed to you is protected by Federal confidentiality"
SHORT = "42 CFR part 2 prohibits unauthorized use or disclosure of these records."


EVERY_PART = "relapse-prevention plan, check-ins and reports of use, warning-stage alerts"


def _consent_line(consent: Consent, parts: str = EVERY_PART) -> str:
    day = date_format(timezone.localdate(consent.granted_at), "M j, Y")
    until = date_format(timezone.localdate(consent.expires_at), "M j, Y")
    name = consent.member.display_name
    return f"Shared with you under {name}&#x27;s consent of {day} ({parts}), until {until}."


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


def _two_consents(member: User, plan_days: int = 365) -> tuple[User, Consent, Consent]:
    """A counselor the member shares with twice: the plan under one consent, the check-ins
    under another (signed apart, ending apart)."""
    link = CareAssignmentFactory(member=member, counselor__display_name="Riley")
    off = {"scope_plan": False, "scope_checkins": False, "scope_alerts": False}
    for_plan = ConsentFactory(
        member=member,
        recipient=link.counselor,
        **{**off, "scope_plan": True},
        expires_at=timezone.now() + timedelta(days=plan_days),
    )
    for_checkins = ConsentFactory(
        member=member, recipient=link.counselor, **{**off, "scope_checkins": True}
    )
    return link.counselor, for_plan, for_checkins


def test_one_members_page_keeps_every_consent_it_relies_on_in_sight(client, member, plan):
    counselor, for_plan, for_checkins = _two_consents(member, plan_days=90)
    client.force_login(counselor)

    shown, folded = _shown_and_folded(
        client.get(f"/counselor/clients/{member.pk}/").content.decode()
    )
    # Each line says what its consent covers, so the two are told apart.
    assert _consent_line(for_plan, "relapse-prevention plan") in shown
    assert _consent_line(for_checkins, "check-ins and reports of use") in shown
    assert "Shared with you" not in folded
    assert "Read the full notice</summary>" in folded


def test_a_list_page_keeps_its_consent_lines_with_the_full_text_even_for_one_member(
    client, member, counselor
):
    open_alert(member, "mental", 1)
    client.force_login(counselor)

    shown, folded = _shown_and_folded(client.get("/alerts/").content.decode())
    assert "Shared with you" not in shown
    assert "Read the full notice and the consents it relies on</summary>" in folded
    assert _consent_line(Consent.objects.get(member=member)) in folded


def test_the_consent_lines_name_what_each_covers_in_spanish(client, member, plan):
    counselor, _, _ = _two_consents(member)
    counselor.language = "es"
    counselor.save(update_fields=["language"])
    client.force_login(counselor)

    shown, _ = _shown_and_folded(client.get(f"/counselor/clients/{member.pk}/").content.decode())
    assert re.search(r"de Alex del [^<]* \(plan de prevención de recaídas\), hasta el", shown)
    assert re.search(
        r"de Alex del [^<]* \(registros diarios y reportes de consumo\), hasta el", shown
    )


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
