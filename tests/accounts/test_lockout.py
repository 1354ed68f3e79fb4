"""Throttling sign-in (django-axes, accounts/lockout.py): per account and per address, a
kind lock-out page that says nothing about the account, and every attempt audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.utils import timezone

from accounts.models import AuditEvent
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

WRONG = "not-my-password-123"
PAUSED = "signing in is paused here"


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.WAYPOINT_SIGNIN_FAILURES_PER_ACCOUNT = 3
    settings.WAYPOINT_SIGNIN_FAILURES_PER_ADDRESS = 6


def attempt(client, email, password=WRONG, ip="198.51.100.7"):
    return client.post(
        "/accounts/login/", {"username": email, "password": password}, REMOTE_ADDR=ip
    )


def test_the_configured_failure_locks_the_account_until_the_cool_off(client, member):
    for _ in range(2):
        refused = attempt(client, member.email)
        assert refused.status_code == 200
        assert "don&#x27;t match an account" in refused.content.decode()
    locked = attempt(client, member.email.upper())  # the same account, whatever the case
    assert locked.status_code == 429
    assert PAUSED in locked.content.decode()
    # Now even the right password is refused, from anywhere, and nobody is signed in.
    right = attempt(client, member.email, PASSWORD, ip="203.0.113.50")
    assert right.status_code == 429 and "_auth_user_id" not in client.session

    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        after = attempt(client, member.email, PASSWORD)
    assert after.status_code == 302 and "_auth_user_id" in client.session


def test_the_lock_out_page_is_the_same_for_an_address_with_no_account(client, member):
    for _ in range(3):
        known = attempt(client, member.email, ip="198.51.100.1")
        unknown = attempt(client, "nobody@example.org", ip="198.51.100.2")
    assert known.status_code == unknown.status_code == 429
    assert member.email not in known.content.decode()
    assert "nobody@example.org" not in unknown.content.decode()
    page = known.content.decode().replace(member.email, "")
    assert page == unknown.content.decode().replace("nobody@example.org", "")


def test_one_address_trying_many_accounts_is_locked_at_its_own_limit(client):
    people = UserFactory.create_batch(6)
    for person in people[:5]:
        assert attempt(client, person.email).status_code == 200  # each account: one failure
    assert attempt(client, people[5].email).status_code == 429  # the address: six
    # The same person from another address is not held back by this one.
    elsewhere = attempt(client, people[5].email, PASSWORD, ip="203.0.113.9")
    assert elsewhere.status_code == 302


def test_signing_in_clears_the_account_count_not_the_address_count(client):
    mine, others = UserFactory(), UserFactory.create_batch(3)
    attempt(client, mine.email)
    attempt(client, mine.email)
    for person in others:
        attempt(client, person.email)
    # Two failures on the account, five from the address: the right password works.
    assert attempt(client, mine.email, PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    # The account starts again (two more failures do not lock it) ...
    assert attempt(client, mine.email, ip="203.0.113.20").status_code == 200
    assert attempt(client, mine.email, ip="203.0.113.20").status_code == 200
    # ... but the address keeps the three failures it made against other accounts.
    assert attempt(client, UserFactory().email).status_code == 200
    assert attempt(client, UserFactory().email).status_code == 200
    assert attempt(client, UserFactory().email).status_code == 429


def test_every_attempt_is_audited_without_the_password(client, member):
    attempt(client, member.email)
    attempt(client, "nobody@example.org")
    attempt(client, member.email, PASSWORD)
    events = list(AuditEvent.objects.order_by("pk").values_list("actor", "member", "action", "ip"))
    assert events == [
        (None, member.pk, "sign_in_failed", "198.51.100.7"),
        (member.pk, member.pk, "sign_in", "198.51.100.7"),
    ]
    stored = " ".join(str(row) for row in AccessAttempt.objects.values())
    assert WRONG not in stored and PASSWORD not in stored


def test_attempts_while_locked_are_audited_as_such(client, member):
    for _ in range(4):
        attempt(client, member.email)
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["sign_in_failed", "sign_in_failed", "sign_in_locked", "sign_in_locked"]


def test_sign_ins_are_not_in_who_saw_my_record(client, member):
    attempt(client, member.email)
    attempt(client, member.email, PASSWORD)
    page = client.get("/account/access-log/").content.decode()
    assert "Nobody else has opened your record yet." in page


def test_the_admin_sign_in_is_throttled_too(client, program_admin):
    for _ in range(3):
        response = client.post(
            "/admin/login/",
            {"username": program_admin.email, "password": WRONG},
            REMOTE_ADDR="198.51.100.30",
        )
    assert response.status_code == 429


def test_choosing_a_new_password_from_the_emailed_link_ends_the_lock_out(
    client, member, django_capture_on_commit_callbacks
):
    import re

    from django.core import mail

    for _ in range(3):
        attempt(client, member.email)
    assert attempt(client, member.email, PASSWORD).status_code == 429
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password_reset/", {"email": member.email})
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True).redirect_chain[-1][0]
    new = "a-brand-new-passphrase"
    client.post(form, {"new_password1": new, "new_password2": new})
    assert attempt(client, member.email, new).status_code == 302
    assert AuditEvent.objects.filter(member=member, action="password_set_from_link").exists()
