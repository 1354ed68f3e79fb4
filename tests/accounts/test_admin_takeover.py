"""The admin takeover from the security review is impossible (accounts/admin.py): a program
admin cannot set or see a member's password, point their email elsewhere or make anyone a
superuser; they can send a reset link; changes and views of people are audited."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.core import mail

from accounts.models import AuditEvent, Role, User
from messaging.models import Delivery, Purpose
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

TAKEN = "the-admins-own-password-1"


@pytest.fixture(params=["program admin", "superuser"])
def admin_client(request, client, member):
    """A program admin with every accounts permission, and an operator (superuser)."""
    admin = UserFactory(
        role=Role.COORDINATOR,
        is_staff=True,
        is_superuser=request.param == "superuser",
        program=member.program,
    )
    admin.user_permissions.set(Permission.objects.filter(content_type__app_label="accounts"))
    client.force_login(admin)
    client.admin = admin
    return client


def change_form(person: User, **changes) -> dict:
    data = {
        "display_name": person.display_name,
        "role": person.role,
        "program": person.program_id or "",
        "timezone": person.timezone,
        "phone": person.phone,
        "is_active": "on" if person.is_active else "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def test_the_admin_cannot_set_a_members_password_and_sign_in_as_them(admin_client, member):
    url = f"/admin/accounts/user/{member.pk}/"
    # Django's page for setting a password is gone (the admin's catch-all sends it on).
    page = admin_client.get(f"{url}password/", follow=True)
    assert 'name="password1"' not in page.content.decode()
    for target in (f"{url}password/", f"{url}password/change/"):
        admin_client.post(target, {"password1": TAKEN, "password2": TAKEN})
    # The change form ignores a password, an email and the superuser flag sent anyway.
    response = admin_client.post(
        f"{url}change/",
        change_form(
            member,
            password=TAKEN,
            email="admin-controlled@example.org",
            is_superuser="on",
            is_staff="",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    member.refresh_from_db()
    assert member.check_password(PASSWORD) and not member.check_password(TAKEN)
    assert member.email.startswith("person") and not member.is_superuser

    admin_client.logout()
    attempt = admin_client.post("/accounts/login/", {"username": member.email, "password": TAKEN})
    assert attempt.status_code == 200 and "_auth_user_id" not in admin_client.session


def test_the_change_page_shows_no_password_and_no_superuser_flag(admin_client, member):
    page = admin_client.get(f"/admin/accounts/user/{member.pk}/change/").content.decode()
    assert member.password not in page and "md5$" not in page
    assert "Never set or shown here" in page
    assert 'name="is_superuser"' not in page and 'name="password"' not in page
    assert 'name="email"' not in page  # shown, not editable: a reset link goes there


def test_adding_a_person_sets_no_password_the_admin_knows(
    admin_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/accounts/user/add/",
            {
                "email": "New.Person@example.org",
                "display_name": "New Person",
                "role": Role.MEMBER,
                "timezone": "America/Chicago",
                "password1": TAKEN,
                "password2": TAKEN,
            },
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    person = User.objects.get(email="new.person@example.org")
    assert not person.check_password(TAKEN)
    # The person chooses their own password from the link in their email.
    [email] = mail.outbox
    assert email.to == ["new.person@example.org"]
    assert "/accounts/reset/" in email.body
    assert AuditEvent.objects.filter(member=person, action="admin_created").exists()


def test_the_admin_sends_a_reset_link_to_the_person_only(
    admin_client, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            "/admin/accounts/user/",
            {"action": "send_password_links", "_selected_action": [member.pk]},
        )
    [email] = mail.outbox
    assert email.to == [member.email]
    assert email.subject == "Choose a new Waypoint password"
    delivery = Delivery.objects.get(purpose=Purpose.PASSWORD_LINK)
    # The stored row says what was sent; the link (its token) is only in the email.
    assert "/accounts/reset/" not in delivery.text
    link = next(line for line in email.body.splitlines() if "/accounts/reset/" in line)
    assert link.split("/")[-2] not in delivery.text
    assert AuditEvent.objects.filter(
        actor=admin_client.admin, member=member, action="admin_sent_password_link"
    ).exists()
    member.refresh_from_db()
    assert member.check_password(PASSWORD)  # nothing changed until the person chooses


def test_role_and_access_changes_are_recorded_on_the_person(admin_client, member):
    admin_client.post(
        f"/admin/accounts/user/{member.pk}/change/",
        change_form(member, role=Role.COUNSELOR, is_staff="on"),
    )
    member.refresh_from_db()
    assert (member.role, member.is_staff) == (Role.COUNSELOR, True)
    actions = set(
        AuditEvent.objects.filter(actor=admin_client.admin, member=member).values_list(
            "action", flat=True
        )
    )
    assert {"admin_changed_role", "admin_changed_is_staff"} <= actions


def test_a_program_admin_cannot_change_an_operators_account(client, member):
    operator = UserFactory(role=Role.COORDINATOR, is_staff=True, is_superuser=True)
    admin = UserFactory(role=Role.COORDINATOR, is_staff=True)
    admin.user_permissions.set(Permission.objects.filter(content_type__app_label="accounts"))
    client.force_login(admin)
    client.post(
        f"/admin/accounts/user/{operator.pk}/change/",
        change_form(operator, is_active="", role=Role.MEMBER),
    )
    operator.refresh_from_db()
    assert operator.is_active and operator.role == Role.COORDINATOR


def test_every_admin_list_and_page_of_people_is_audited(admin_client, member, plan):
    from checkins.models import CheckIn

    CheckIn.objects.create(
        member=member,
        local_date="2026-01-05",
        hungry=0,
        angry=0,
        lonely=0,
        tired=0,
        craving=2,
        mood=3,
        sleep_hours=7,
        medication="yes",
        support_contact=True,
    )
    pages = {
        "/admin/accounts/user/": ("admin_list", "account"),
        f"/admin/accounts/user/{member.pk}/change/": ("admin_view", "account"),
        "/admin/plans/plan/": ("admin_list", "plan"),
        "/admin/checkins/checkin/": ("admin_list", "checkins"),
        "/admin/accounts/auditevent/": ("admin_list", "account"),
    }
    for page, (action, scope) in pages.items():
        before = AuditEvent.objects.count()
        response = admin_client.get(page)
        if response.status_code == 403:  # the program admin has accounts permissions only
            continue
        assert response.status_code == 200, page
        new = AuditEvent.objects.order_by("-pk")[: AuditEvent.objects.count() - before]
        assert (admin_client.admin.pk, member.pk, action, scope) in [
            (e.actor_id, e.member_id, e.action, e.scope) for e in new
        ], page
    # The member sees the admin in "who saw my record".
    admin_client.force_login(member)
    log = admin_client.get("/account/access-log/").content.decode()
    assert admin_client.admin.display_name in log


def test_no_admin_page_shows_an_authenticators_key_or_recovery_codes(admin_client, member):
    from tests.factories import enrolled_device

    device = enrolled_device(member)
    for page in (
        "/admin/otp_totp/totpdevice/",
        f"/admin/otp_totp/totpdevice/{device.pk}/change/",
        "/admin/otp_static/staticdevice/",
    ):
        assert admin_client.get(page).status_code == 404, page


def test_searching_people_for_a_care_team_link_is_audited(admin_client, member):
    response = admin_client.get(
        "/admin/autocomplete/",
        {
            "app_label": "accounts",
            "model_name": "careassignment",
            "field_name": "member",
            "term": member.display_name,
        },
    )
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [str(member.pk)]
    assert AuditEvent.objects.filter(
        actor=admin_client.admin, member=member, action="admin_search", scope="account"
    ).exists()
