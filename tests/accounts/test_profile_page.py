"""The profile page (accounts.views profile): a member sets the day their recovery began."""

from __future__ import annotations

import re
from datetime import time, timedelta

import pytest

from accounts.models import Role, User
from checkins.progress import local_date
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _form(user, **changes):
    return {"display_name": user.display_name, "timezone": user.timezone, "phone": "", **changes}


def test_a_member_sets_and_changes_the_day_their_recovery_began(signed_in, member):
    page = signed_in.get("/account/").content.decode()
    assert "The day my recovery began" in page
    today = local_date(member.timezone)
    assert f'max="{today.isoformat()}"' in page

    began = today - timedelta(days=120)
    response = signed_in.post("/account/", _form(member, recovery_began_on=began.isoformat()))
    assert response.url == "/account/"
    member.refresh_from_db()
    assert member.recovery_began_on == began

    # Optional: clearing it puts the counters back on the sign-up day.
    signed_in.post("/account/", _form(member, recovery_began_on=""))
    member.refresh_from_db()
    assert member.recovery_began_on is None


def test_a_day_in_the_future_gets_a_clear_message_and_changes_nothing(signed_in, member):
    tomorrow = local_date(member.timezone) + timedelta(days=1)
    response = signed_in.post(
        "/account/", _form(member, display_name="Alex R.", recovery_began_on=tomorrow.isoformat())
    )
    assert response.status_code == 200
    assert "The day your recovery began can&#x27;t be in the future" in response.content.decode()
    member.refresh_from_db()
    assert (member.recovery_began_on, member.display_name) == (None, "Alex")


@pytest.mark.parametrize("role", [Role.COUNSELOR, Role.COORDINATOR])
def test_staff_profiles_have_no_start_date(client, role):
    person = UserFactory(role=role)
    client.force_login(person)
    assert "recovery_began_on" not in client.get("/account/").content.decode()
    client.post("/account/", _form(person, recovery_began_on="2020-01-01"))
    person.refresh_from_db()
    assert person.recovery_began_on is None
    # The member's own profile page does show it (the positive beside the negative).
    member = UserFactory(role=Role.MEMBER)
    client.force_login(member)
    assert 'name="recovery_began_on"' in client.get("/account/").content.decode()


def test_a_counselor_sets_an_urgent_number_and_hours(client):
    counselor = UserFactory(role=Role.COUNSELOR, timezone="America/Chicago")
    client.force_login(counselor)
    page = client.get("/account/").content.decode()
    assert "<legend" in page and "Urgent alerts by text" in page
    assert 'type="time"' in page

    response = client.post(
        "/account/",
        _form(
            counselor,
            urgent_phone="(202) 555-0188",
            urgent_from="07:30",
            urgent_until="22:00",
        ),
    )
    assert response.url == "/account/"
    counselor.refresh_from_db()
    assert counselor.urgent_phone == "+12025550188"
    assert (counselor.urgent_from, counselor.urgent_until) == (time(7, 30), time(22))
    # The page shows the hours as they were saved.
    page = client.get("/account/").content.decode()
    assert 'value="07:30"' in page and 'value="22:00"' in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"urgent_phone": "+12025550188", "urgent_from": "08:00"}, "Give both times"),
        ({"urgent_from": "08:00", "urgent_until": "17:00"}, "Add the number to text"),
        (
            {"urgent_phone": "+12025550188", "urgent_from": "08:00", "urgent_until": "08:00"},
            "differs from the start",
        ),
        ({"urgent_phone": "call me"}, "phone number"),
        (
            {"urgent_phone": "+12025550188", "urgent_from": "25:00", "urgent_until": "08:00"},
            "valid time",
        ),
    ],
)
def test_urgent_settings_that_do_not_make_sense_get_a_message_and_change_nothing(
    client, changes, message
):
    counselor = UserFactory(role=Role.COUNSELOR)
    name = counselor.display_name
    client.force_login(counselor)
    response = client.post("/account/", _form(counselor, display_name="Casey R.", **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    counselor.refresh_from_db()
    assert (counselor.display_name, counselor.urgent_phone, counselor.urgent_from) == (
        name,
        "",
        None,
    )


@pytest.mark.parametrize("role", [Role.MEMBER, Role.COORDINATOR])
def test_only_counselors_take_urgent_texts(client, role):
    person = UserFactory(role=role)
    client.force_login(person)
    assert "urgent_phone" not in client.get("/account/").content.decode()
    client.post("/account/", _form(person, urgent_phone="+12025550188"))
    person.refresh_from_db()
    assert person.urgent_phone == ""


def test_a_member_finds_their_crisis_card_and_keeping_it_on_this_phone_from_account(
    signed_in, client
):
    page = signed_in.get("/account/").content.decode()
    assert '<a href="/help/my-card/">Your crisis card, and keeping it on this phone</a>' in page
    assert "Keep my crisis card on this phone" in signed_in.get("/help/my-card/").content.decode()
    client.force_login(UserFactory(role=Role.COUNSELOR))
    assert "Your crisis card" not in client.get("/account/").content.decode()


def test_in_spanish_the_recovery_day_shows_in_the_date_picker_and_a_save_keeps_it(
    signed_in, member
):
    began = local_date(member.timezone) - timedelta(days=240)
    User.objects.filter(pk=member.pk).update(language="es", recovery_began_on=began)

    page = signed_in.get("/account/").content.decode()

    [field] = re.findall(r'<input type="date" name="recovery_began_on"[^>]*>', page)
    value = re.search(r'value="([^"]*)"', field).group(1)
    # The browser's date picker reads only ISO days: anything else shows an empty box,
    # which the browser then sends back empty, erasing the day.
    assert value == began.isoformat()
    signed_in.post("/account/", _form(member, recovery_began_on=value))
    member.refresh_from_db()
    assert member.recovery_began_on == began


def test_a_spanish_speaking_member_chooses_a_zone_by_its_spanish_name_and_its_iana_name_is_kept(
    signed_in, member
):
    member.language = "es"
    member.save(update_fields=["language"])
    page = signed_in.get("/account/").content.decode()
    assert (
        '<option value="America/New_York" selected>Hora del Este (Nueva York, Atlanta, Miami)'
        in page
    )
    assert '<option value="Africa/Abidjan">Abidjan (África)</option>' in page
    response = signed_in.post("/account/", _form(member, timezone="Europe/Madrid", language="es"))
    assert response.url == "/account/"
    member.refresh_from_db()
    assert member.timezone == "Europe/Madrid"
    page = signed_in.get("/account/").content.decode()
    assert '<option value="Europe/Madrid" selected>Madrid (Europa)</option>' in page


@pytest.mark.parametrize(
    ("language", "message"),
    [("en", "Choose a time zone from the list."), ("es", "Elige una zona horaria de la lista.")],
)
@pytest.mark.parametrize(
    "posted",
    ["Mars/Olympus", "Etc/GMT+5", "Madrid (Europa)", "America/New_York\x00", "x" * 500],
)
def test_a_zone_not_in_the_list_gets_a_clear_message_and_changes_nothing(
    signed_in, member, language, message, posted
):
    member.language = language
    member.save(update_fields=["language"])
    response = signed_in.post(
        "/account/", _form(member, display_name="Alex R.", timezone=posted, language=language)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    member.refresh_from_db()
    assert (member.timezone, member.display_name) == ("America/New_York", "Alex")
