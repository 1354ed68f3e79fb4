"""Get help now (home.views help_now and the help panel on member pages): crisis lines for
anyone, a member's first people and their next event."""

from __future__ import annotations

import re

import pytest

from accounts.models import Role
from tests.alumni.helpers import group_of, upcoming_event
from tests.contacts.helpers import add_contact
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_get_help_now_shows_the_first_three_people_with_a_phone(signed_in):
    add_contact(
        signed_in, name="Emailonly", phone="", email="e@example.org", preferred_channel="email"
    )
    for index, name in enumerate(("Ann", "Ben", "Cy", "Dimitri")):
        add_contact(signed_in, name=name, phone=f"(202) 555-010{index}")
    page = signed_in.get("/today/").content.decode()
    panel = page.split('id="help-panel"')[1]
    for index, name in enumerate(("Ann", "Ben", "Cy")):
        assert (
            name in panel
            and f'href="tel:+1202555010{index}"' in panel
            and f'href="sms:+1202555010{index}"' in panel
        )
    # (A name long enough not to turn up inside a random form key.)
    assert "Dimitri" not in panel and "Emailonly" not in panel
    assert 'href="tel:+12025550103"' not in panel
    # The crisis lines first, then "I'm struggling" (their counselor), then their people.
    order = [panel.index(mark) for mark in ('href="tel:911"', "struggling right now", "Ann")]
    assert order == sorted(order) and 'href="tel:988"' in panel.split("struggling right now")[0]


def test_the_help_control_is_on_member_pages_only(client):
    client.force_login(UserFactory(role=Role.MEMBER))
    assert 'id="help-panel"' in client.get("/account/").content.decode()
    client.force_login(UserFactory(role=Role.COUNSELOR))
    assert 'id="help-panel"' not in client.get("/counselor/").content.decode()


def test_crisis_lines_need_no_sign_in(client):
    page = client.get("/help/").content.decode()
    for link in ('href="tel:911"', 'href="tel:988"', 'href="sms:988"', 'href="tel:18006624357"'):
        assert link in page


TEXT_988_IN_SPANISH = 'href="sms:988?&amp;body=AYUDA"'


def _text_links(page: str) -> set[str]:
    return set(re.findall(r'href="(sms:[^"]*)"', page))


def test_text_988_on_a_spanish_page_opens_the_message_with_ayuda_written(client):
    # English, Spanish, then English again: the lines are kept rendered once per language
    # (the "fragments" cache), and neither language's copy reaches the other.
    for language, text_link in (
        ("en", "sms:988"),
        ("es", "sms:988?&amp;body=AYUDA"),
        ("en", "sms:988"),
    ):
        page = client.get("/help/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert _text_links(page) == {text_link}, language
        assert 'href="tel:988"' in page


def test_a_spanish_members_help_panel_and_kept_card_text_988_with_ayuda(client, member):
    member.language = "es"
    member.save(update_fields=["language"])
    client.force_login(member)
    panel = client.get("/today/").content.decode().split('id="help-panel"')[1]
    assert TEXT_988_IN_SPANISH in panel
    # The card the member may keep on their phone, offline.
    assert TEXT_988_IN_SPANISH in client.get("/help/my-card/").content.decode()


def test_crisis_lines_follow_the_deployment(client, settings):
    settings.WAYPOINT_CRISIS_LINES = [
        {"label": "Samaritans", "number": "116 123", "dial": "116123", "call": True, "text": False}
    ]
    page = client.get("/help/").content.decode()
    assert "Samaritans" in page and 'href="tel:116123"' in page
    assert "tel:988" not in page


def test_the_next_event_is_in_get_help_now(client, member, coordinator):
    group = group_of(member, coordinator)
    upcoming_event(group, coordinator, days=5, title="Later")
    upcoming_event(group, coordinator, days=1, title="Sooner")
    client.force_login(member)
    panel = client.get("/today/").content.decode().split('id="help-panel"')[1]
    assert "Next: Sooner" in panel


def test_where_help_is_raised_it_says_waypoint_is_not_watched_around_the_clock(client, member):
    words = "watched around the clock: a counselor may not see this"
    assert words in client.get("/help/").content.decode()
    client.force_login(member)
    client.post("/help/struggling/")
    page = client.get("/help/struggling/").content.decode()
    assert words in page and "911 and 988 answer any time" in page


def test_with_nobody_yet_get_help_now_says_how_to_have_people_here_not_reach_someone(
    client, signed_in
):
    panel = signed_in.get("/today/").content.decode().split('id="help-panel"')[1]
    assert "Reach someone now:" not in panel
    assert '<a href="/contacts/">Add the people you would call</a>' in panel
    add_contact(signed_in, name="Ann", phone="(202) 555-0100")
    panel = signed_in.get("/today/").content.decode().split('id="help-panel"')[1]
    assert "Reach someone now:" in panel and "Add the people you would call" not in panel
    client.logout()
    public = client.get("/help/").content.decode()
    assert "Reach someone now:" not in public and "Add the people" not in public
    assert 'href="tel:988"' in public
