"""The member's page for their two words (texting.views.text_words): one word each, never a
keyword or an answer to a check-in question; only members, only their own."""

from __future__ import annotations

import html

import pytest

from tests.factories import UserFactory
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
        ("tird", "too close to TIRED"),  # one typo from an answer
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


def _refused(client, word: str) -> str:
    response = client.post(URL, {"struggling_word": word, "used_word": ""})
    assert response.status_code == 200
    assert not TextSettings.objects.exists()
    return html.unescape(response.content.decode())


@pytest.mark.parametrize(
    ("word", "reason"),
    [
        # A text forgives one typo of the member's word: "stopp" would catch "stoop" meant
        # as STOP, so a word one typo from any keyword or answer is refused, with why.
        ("shop", "“shop” is too close to STOP, which ends all texts"),
        ("stopp", "“stopp” is too close to STOP, which ends all texts"),
        ("quiet", "“quiet” is too close to QUIT, which ends all texts"),
        ("starts", "“starts” is too close to START, which turns texts back on"),
        ("helps", "“helps” is too close to HELP, which texts back the program's number"),
        ("yess", "“yess” already means something in a text"),
        ("yest", "“yest” is too close to YES, an answer to “Did you use today?”"),
        ("sevn", "“sevn” is too close to SEVEN, an answer to the craving question"),
        ("lonly", "“lonly” is too close to LONELY, an answer to “hungry, angry, lonely"),
        ("hambres", "“hambres” is too close to HAMBRE"),
        ("halo", "“halo” is too close to HALT"),
        ("nada", "“nada” already means something in a text"),
        ("parra", "“parra” is too close to PARAR, which ends all texts"),
        ("ayudo", "“ayudo” is too close to AYUDA, which texts back"),
    ],
)
def test_a_word_one_typo_from_a_keyword_or_answer_is_refused_saying_which(
    client, texter, word, reason
):
    client.force_login(texter)
    assert reason in _refused(client, word)


@pytest.mark.parametrize(
    ("word", "meaning"),
    [
        ("PARAR", "PARAR, which ends all texts"),
        ("alto", "ALTO, which ends all texts"),
        ("Baja", "BAJA, which ends all texts"),
        ("cancelar", "CANCELAR, which ends all texts"),
        ("fin", "FIN, which ends all texts"),
        ("ayuda", "AYUDA, which texts back the program's number and the crisis lines"),
    ],
)
def test_the_spanish_keywords_are_refused_as_they_are_stop_and_help(client, texter, word, meaning):
    client.force_login(texter)
    assert f"“{word}” already means something in a text: {meaning}" in _refused(client, word)


def test_the_rule_is_said_before_any_error(client, texter):
    client.force_login(texter)
    page = client.get(URL).content.decode()
    assert page.count("One word of 3 to 20 letters.") == 2  # under each of the two fields


def test_a_very_long_word_hears_the_rule_in_plain_words(client, texter):
    client.force_login(texter)
    page = _refused(client, "a" * 500)
    assert "Use one word of 3 to 20 letters, no spaces or numbers." in page
    assert "Ensure this value" not in page and "(it has 500)" not in page


def test_an_accented_word_that_clashes_is_refused_in_the_members_spelling_with_why(client, texter):
    client.force_login(texter)
    page = _refused(client, "Niño")
    assert "“Niño” is too close to NINE, an answer to the craving question" in page
    assert "A text reads “Niño” without accents, as “nino”." in page
    # The plain spelling is said only with that reason, never on its own.
    assert page.count("“nino”") == page.count("without accents, as “nino”") > 0


def test_an_accented_word_that_clashes_with_nothing_is_saved(client, texter):
    client.force_login(texter)
    response = client.post(URL, {"struggling_word": "Señal", "used_word": "anchor"})
    assert response.status_code == 302
    assert TextSettings.objects.get(member=texter).struggling_word == "senal"


def test_a_member_who_reads_spanish_hears_why_in_spanish(client, texter):
    texter.language = "es"
    texter.save(update_fields=["language"])
    client.force_login(texter)
    page = _refused(client, "parra")
    assert "“parra” se parece demasiado a PARAR, que detiene todos los mensajes." in page
    assert "Una sola palabra de 3 a 20 letras." in page


def test_the_two_words_must_differ(client, texter):
    client.force_login(texter)
    response = client.post(URL, {"struggling_word": "harbor", "used_word": "harbour"})
    assert "two different words" in response.content.decode()
    assert not TextSettings.objects.exists()


def _page(client, person, language: str) -> str:
    person.language = language
    person.save(update_fields=["language"])
    client.force_login(person)
    return html.unescape(client.get(URL).content.decode())


WORKS = {
    "en": "Reply to a text reminder, or text any word, and Waypoint asks three short questions",
    "es": "Responde a un recordatorio por mensaje de texto, o envía cualquier palabra",
}
NO_PHONE = {
    "en": "Checking in by text needs a phone number on your account.",
    "es": "Para hacer tu registro por mensaje de texto necesitas un número de teléfono",
}
SHARED = {
    "en": "Texts from the phone number on your account can't be matched to you",
    "es": "Los mensajes de texto desde el número de teléfono de tu cuenta no se pueden",
}
NOT_SET_UP = {
    "en": "Text check-ins aren't set up at this program",
    "es": "Los registros por mensaje de texto no están disponibles en este programa",
}
HELP_BUTTON = {"en": "“I'm struggling right now” button", "es": "“Estoy pasando un mal momento”"}
WORDS_FORM = 'name="struggling_word"'
LANGUAGES = pytest.mark.parametrize("language", ["en", "es"])


@LANGUAGES
def test_a_number_that_is_theirs_alone_hears_how_texting_works_and_gets_the_form(
    client, texter, language
):
    page = _page(client, texter, language)
    assert WORKS[language] in page
    assert WORDS_FORM in page
    for other in (NO_PHONE, SHARED, NOT_SET_UP):
        assert other[language] not in page


@LANGUAGES
def test_a_member_without_a_phone_is_told_texts_need_one_and_where_to_add_it(
    client, member, language
):
    page = _page(client, member, language)
    assert NO_PHONE[language] in page
    assert 'href="/account/"' in page
    assert WORKS[language] not in page and WORDS_FORM not in page


@LANGUAGES
def test_a_shared_number_is_told_texts_cant_be_matched_and_pointed_to_get_help_now(
    client, texter, language
):
    UserFactory(display_name="Jordan Rivera", email="jordan.rivera@example.org", phone=texter.phone)
    page = _page(client, texter, language)
    # First, before anything about how texting works.
    assert page.index(SHARED[language]) < page.index("STOP")
    assert HELP_BUTTON[language] in page and 'href="/help/"' in page
    assert WORKS[language] not in page and WORDS_FORM not in page
    for hint in ("Jordan", "Rivera", "jordan.rivera@example.org", "example.org"):
        assert hint not in page


def test_a_number_shared_only_with_a_closed_account_is_still_theirs(client, texter):
    UserFactory(display_name="Jordan Rivera", phone=texter.phone, is_active=False)
    assert WORKS["en"] in _page(client, texter, "en")


@LANGUAGES
def test_where_texts_do_not_come_in_the_member_is_pointed_to_get_help_now(
    client, texter, settings, language
):
    settings.WAYPOINT_SMS_WEBHOOK_SECRET = ""
    page = _page(client, texter, language)
    assert NOT_SET_UP[language] in page
    assert HELP_BUTTON[language] in page and 'href="/help/"' in page
    # A STOP or HELP that no one would hear is not offered either.
    assert WORKS[language] not in page and WORDS_FORM not in page and "STOP" not in page


def test_words_sent_where_texts_reach_no_one_are_not_saved(client, texter):
    UserFactory(phone=texter.phone)
    client.force_login(texter)
    response = client.post(URL, {"struggling_word": "harbor", "used_word": "anchor"})
    assert response.status_code == 200
    assert SHARED["en"] in html.unescape(response.content.decode())
    assert not TextSettings.objects.exists()


def test_only_members(client, counselor):
    client.force_login(counselor)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"used_word": "anchor"}).status_code == 403
    assert not TextSettings.objects.exists()


def test_anonymous_is_sent_to_sign_in(client):
    assert client.get(URL).status_code == 302
