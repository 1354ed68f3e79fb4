"""Sign in, sign out, role homes, password change and reset by email."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from accounts.models import Role
from accounts.second_factor import pending_app
from tests.factories import PASSWORD, UserFactory, current_code

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "home", "heading"),
    [
        (Role.MEMBER, "/today/", "Get help now"),
        (Role.COUNSELOR, "/counselor/", "Your caseload"),
        (Role.COORDINATOR, "/alumni/", "Alumni overview"),
    ],
)
def test_each_role_lands_on_its_own_start_page(client, role, home, heading):
    person = UserFactory(role=role)
    response = client.post(
        "/accounts/login/", {"username": person.email.upper(), "password": PASSWORD}, follow=True
    )
    if role != Role.MEMBER:
        # Staff give a code from their app first (tests/accounts/test_second_factor.py).
        assert response.redirect_chain[-1][0].startswith("/account/two-step/set-up/")
        response = client.post(
            "/account/two-step/set-up/",
            {"code": current_code(pending_app(person)), "next": "/"},
        )
        assert response.status_code == 200
        response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == home
    assert heading in response.content.decode()


def test_a_wrong_password_is_refused_kindly(client, member):
    response = client.post("/accounts/login/", {"username": member.email, "password": "nope"})
    assert response.status_code == 200
    assert "don&#x27;t match an account" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_role_pages_refuse_other_roles(client, member):
    client.force_login(member)
    assert client.get("/counselor/").status_code == 403
    assert client.get("/alumni/").status_code == 403
    client.logout()
    assert client.get("/today/").url.startswith("/accounts/login/")


def test_sign_out_ends_the_session(client, member):
    client.force_login(member)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/today/").status_code == 302


def test_password_reset_by_email_end_to_end(client, member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password_reset/", {"email": member.email})
    assert response.url == "/accounts/password_reset/done/"
    assert len(mail.outbox) == 1
    link = re.search(r"https?://testserver(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)

    form_page = client.get(link, follow=True)
    set_url = form_page.redirect_chain[-1][0]
    response = client.post(
        set_url,
        {"new_password1": "a-brand-new-passphrase", "new_password2": "a-brand-new-passphrase"},
    )
    assert response.url == "/accounts/reset/done/"
    signed = client.post(
        "/accounts/login/", {"username": member.email, "password": "a-brand-new-passphrase"}
    )
    assert signed.status_code == 302 and "_auth_user_id" in client.session
    assert client.get(link, follow=True).context["validlink"] is False  # used once


def test_password_reset_for_an_unknown_address_reveals_nothing(
    client, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password_reset/", {"email": "nobody@example.org"})
    assert response.url == "/accounts/password_reset/done/"
    assert mail.outbox == []
    # A known address gets the very same answer, and only its owner gets the email.
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post("/accounts/password_reset/", {"email": member.email})
    assert known.url == response.url
    assert [m.to for m in mail.outbox] == [[member.email]]


def test_password_change(client, member):
    client.force_login(member)
    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "another-long-passphrase",
            "new_password2": "another-long-passphrase",
        },
    )
    assert response.url == "/accounts/password_change/done/"
    member.refresh_from_db()
    assert member.check_password("another-long-passphrase")
