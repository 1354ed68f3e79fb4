"""Two-step sign-in (accounts/signin.py, SecondFactorMiddleware): required for staff, a
member's choice, recovery codes, and no way around it with the password alone."""

from __future__ import annotations

import re
import time

import pytest
import time_machine
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import AuditEvent, Role
from accounts.second_factor import pending_app
from tests.factories import PASSWORD, UserFactory, current_code, enrolled_device

pytestmark = pytest.mark.django_db

SETUP = "/account/two-step/set-up/"
VERIFY = "/accounts/login/code/"


def after_the_pause():
    """After a wrong code a device waits a second before trying again (then 2, 4, ...)."""
    return time_machine.travel(time.time() + 3, tick=True)


def password_step(client, person, next_url: str = ""):
    url = "/accounts/login/" + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"username": person.email, "password": PASSWORD, "next": next_url})


def codes_on(page) -> list[str]:
    return re.findall(r"<li>([a-z2-9]{5}-[a-z2-9]{5})</li>", page.content.decode())


@pytest.mark.parametrize(
    "person",
    [
        {"role": Role.COUNSELOR},
        {"role": Role.COORDINATOR},
        {"role": Role.MEMBER, "is_staff": True},
    ],
    ids=["counselor", "coordinator", "program admin"],
)
def test_staff_without_an_app_reach_nothing_but_its_set_up(client, person):
    staff = UserFactory(**person)
    password_step(client, staff)
    for page in ("/", "/counselor/", "/alumni/", "/admin/", "/account/", "/invitations/"):
        response = client.get(page)
        assert response.status_code == 302, page
        assert response.url.startswith(f"{SETUP}?next="), page
    assert client.get(SETUP).status_code == 200
    # Get help now stays open to everyone.
    assert client.get("/help/").status_code == 200


def test_setting_up_shows_the_key_then_recovery_codes_once(client, counselor):
    password_step(client, counselor, "/counselor/")
    page = client.get(f"{SETUP}?next=/counselor/")
    body = page.content.decode()
    assert "<svg" in body and "style=" not in body.split("<svg", 1)[1].split("</svg>")[0]
    device = TOTPDevice.objects.get(user=counselor, confirmed=False)
    assert re.search(r"[A-Z2-7]{4}( [A-Z2-7]{4}){7}", body)  # the key, to type by hand

    wrong = client.post(SETUP, {"code": "000000", "next": "/counselor/"})
    assert "didn&#x27;t match" in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed

    with after_the_pause():
        done = client.post(SETUP, {"code": current_code(device), "next": "/counselor/"})
    codes = codes_on(done)
    assert len(codes) == 10
    assert 'href="/counselor/"' in done.content.decode()
    assert client.get("/counselor/").status_code == 200
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(codes)
    assert AuditEvent.objects.filter(member=counselor, action="second_factor_enrolled").exists()
    # A second tap on "Turn on" changes nothing: the app is set up, no new codes appear.
    again = client.post(SETUP, {"code": current_code(device), "next": "/counselor/"})
    assert again.status_code == 302 and codes_on(again) == []
    assert StaticToken.objects.count() == 10


def test_staff_with_an_app_give_its_code_after_the_password(client, counselor):
    device = enrolled_device(counselor)
    response = password_step(client, counselor, "/counselor/")
    assert client.get(response.url).url.startswith(f"{VERIFY}?next=")
    assert client.get("/counselor/").status_code == 302

    wrong = client.post(VERIFY, {"code": "123456", "next": "/counselor/"})
    assert "That code didn&#x27;t work" in wrong.content.decode()
    assert client.get("/counselor/").status_code == 302

    with after_the_pause():
        right = client.post(VERIFY, {"code": current_code(device), "next": "/counselor/"})
    assert right.url == "/counselor/"
    assert client.get("/counselor/").status_code == 200
    actions = list(AuditEvent.objects.filter(member=counselor).values_list("action", flat=True))
    assert sorted(actions) == ["second_factor_failed", "second_factor_verified", "sign_in"]


def test_a_recovery_code_works_once(client, counselor):
    device = enrolled_device(counselor)
    from accounts.second_factor import renew_recovery_codes

    code = renew_recovery_codes(counselor)[0]
    password_step(client, counselor)
    used = client.post(VERIFY, {"code": code.upper(), "next": "/counselor/"}, follow=True)
    assert used.redirect_chain[-1][0] == "/counselor/"
    assert "9 are left" in used.content.decode()

    client.post("/accounts/logout/")
    password_step(client, counselor)
    refused = client.post(VERIFY, {"code": code, "next": "/counselor/"})
    assert refused.status_code == 200 and "didn&#x27;t work" in refused.content.decode()
    assert client.get("/counselor/").status_code == 302
    assert device.pk  # the app still works (its own throttle was not touched)
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_the_password_alone_cannot_replace_someones_app(client, counselor):
    enrolled_device(counselor)
    password_step(client, counselor)
    response = client.get(SETUP)
    assert response.url.startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=counselor).count() == 1


def test_an_outside_next_is_not_followed(client, counselor):
    device = enrolled_device(counselor)
    password_step(client, counselor)
    response = client.post(VERIFY, {"code": current_code(device), "next": "https://evil.example/"})
    assert response.url == "/"


def test_members_sign_in_with_the_password_alone_until_they_opt_in(client, member):
    response = password_step(client, member, "/today/")
    assert response.url == "/today/"
    assert client.get("/today/").status_code == 200
    manage = client.get("/account/two-step/")
    assert "Set up two-step sign-in" in manage.content.decode()
    assert 'href="/account/two-step/"' in client.get("/account/").content.decode()

    client.get(SETUP)
    device = pending_app(member)
    assert len(codes_on(client.post(SETUP, {"code": current_code(device)}))) == 10

    client.post("/accounts/logout/")
    password_step(client, member, "/today/")
    assert client.get("/today/").url.startswith(VERIFY)
    client.post(VERIFY, {"code": current_code(device)})
    assert client.get("/today/").status_code == 200


def test_a_member_may_turn_it_off_and_staff_may_not(client, member, counselor):
    enrolled_device(member)
    client.force_login(member)
    session = client.session
    session["otp_device_id"] = enrolled_device(member).persistent_id
    session.save()
    response = client.post("/account/two-step/turn-off/", follow=True)
    assert "Two-step sign-in is off." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=member).exists()
    assert client.get("/today/").status_code == 200  # not sent to give a code it has no app for

    client.force_login(counselor)
    page = client.get("/account/two-step/").content.decode()
    assert "Turn off" not in page and "required for your role" in page
    client.post("/account/two-step/turn-off/")
    assert TOTPDevice.objects.filter(user=counselor, confirmed=True).exists()


def test_new_recovery_codes_replace_the_old_ones(client, counselor):
    from accounts.second_factor import renew_recovery_codes

    old = renew_recovery_codes(counselor)
    client.force_login(counselor)
    new = codes_on(client.post("/account/two-step/new-codes/"))
    assert len(new) == 10 and not set(new) & set(old)
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)


def test_a_member_made_counselor_mid_session_is_asked_at_the_next_request(client, member):
    password_step(client, member)
    assert client.get("/today/").status_code == 200
    member.role = Role.COUNSELOR
    member.save(update_fields=["role"])
    assert client.get("/counselor/").url.startswith(SETUP)
