"""The member's page for their two words (texting.views.text_words): one word each, never a
keyword or an answer to a check-in question; only members, only their own."""

from __future__ import annotations

import pytest

from texting.models import TextSettings

pytestmark = pytest.mark.django_db
URL = "/checkin/reminders/texts/"


def test_the_page_explains_texting_and_saves_the_two_words(client, texter):
    client.force_login(texter)
    page = client.get(URL).content.decode()
    assert "Check in by text" in page
    assert "STOP" in page and "HELP" in page
    assert 'for="id_struggling_word"' in page and 'for="id_used_word"' in page
    response = client.post(URL, {"struggling_word": " Harbor ", "used_word": "ANCHOR"})
    assert response.status_code == 302
    chosen = TextSettings.objects.get(member=texter)
    assert (chosen.struggling_word, chosen.used_word) == ("harbor", "anchor")
    assert "harbor" in client.get(URL).content.decode()


@pytest.mark.parametrize(
    ("word", "message"),
    [
        ("stop", "already means something"),
        ("HELP", "already means something"),
        ("seven", "already means something"),
        ("tired", "already means something"),
        ("tird", "already means something"),  # one typo from an answer
        ("yes", "already means something"),
        ("two words", "one word"),
        ("ab", "one word"),
        ("r2d2", "one word"),
    ],
)
def test_a_word_that_would_mean_something_else_is_refused_and_nothing_saved(
    client, texter, word, message
):
    client.force_login(texter)
    response = client.post(URL, {"struggling_word": word, "used_word": ""})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not TextSettings.objects.exists()


def test_the_two_words_must_differ(client, texter):
    client.force_login(texter)
    response = client.post(URL, {"struggling_word": "harbor", "used_word": "harbour"})
    assert "two different words" in response.content.decode()
    assert not TextSettings.objects.exists()


def test_a_member_without_a_phone_is_told_where_to_add_one(client, member):
    client.force_login(member)
    assert "Add your phone number" in client.get(URL).content.decode()


def test_only_members(client, counselor):
    client.force_login(counselor)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"used_word": "anchor"}).status_code == 403
    assert not TextSettings.objects.exists()


def test_anonymous_is_sent_to_sign_in(client):
    assert client.get(URL).status_code == 302
