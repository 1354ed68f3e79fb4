"""Choosing a language (accounts.language): the browser's before sign-in, the person's own
after, and the footer's choice for everyone."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.language import language_of
from accounts.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es-MX,es;q=0.9"}
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


def test_before_sign_in_the_browsers_language_is_used(client):
    page = client.get(reverse("help_now"), **SPANISH).content.decode()
    assert '<html lang="es">' in page
    assert "Emergencia o sobredosis" in page
    # 988's Spanish service is named beside it, in either language.
    assert "En español: llama y marca 2, o envía AYUDA al 988." in page
    english = client.get(reverse("help_now"), **ENGLISH).content.decode()
    assert '<html lang="en">' in english and "Emergency or overdose" in english
    assert "In Spanish: call and press 2, or text AYUDA to 988." in english


def test_the_footer_offers_each_language_named_in_itself(client):
    page = client.get(reverse("help_now"), **ENGLISH).content.decode()
    assert 'lang="es" hreflang="es"' in page and ">Español</a>" in page
    assert '<span lang="en" aria-current="true"' in page
    # In Spanish too, English is named "English", not "Inglés".
    spanish = client.get(reverse("help_now"), **SPANISH).content.decode()
    assert ">English</a>" in spanish and "Inglés" not in spanish
    assert '<span lang="es" aria-current="true" class="fw-semibold">Español</span>' in spanish


def test_the_signed_in_picker_names_each_language_in_itself(client):
    client.force_login(UserFactory(language="es"))
    page = client.get(reverse("help_now")).content.decode()
    assert '<option value="en" lang="en">English</option>' in page
    assert '<option value="es" lang="es" selected>Español</option>' in page
    assert "Inglés" not in page


def test_choosing_a_language_before_sign_in_keeps_it_on_this_device(client):
    response = client.get(reverse("choose_language"), {"language": "es", "next": "/help/"})
    assert response.status_code == 302 and response["Location"] == "/help/"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "es" and cookie["max-age"] == settings.LANGUAGE_COOKIE_AGE
    assert '<html lang="es">' in client.get("/help/", **ENGLISH).content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"language": "fr", "next": "/help/"},
        {"language": "", "next": "/help/"},
        {"language": "x" * 5000, "next": "/help/"},
    ],
)
def test_an_unknown_language_changes_nothing(client, query):
    response = client.get(reverse("choose_language"), query)
    assert response.status_code == 302 and response["Location"] == "/help/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


@pytest.mark.parametrize("back", ["https://elsewhere.example/", "//elsewhere.example/", ""])
def test_the_way_back_never_leaves_the_site(client, back):
    response = client.get(reverse("choose_language"), {"language": "es", "next": back})
    assert response["Location"] == "/"


def test_a_signed_in_persons_choice_is_kept_on_their_account(client):
    member = UserFactory()
    client.force_login(member)
    client.post(reverse("choose_language"), {"language": "es", "next": "/today/"})
    member.refresh_from_db()
    assert member.language == "es"
    # Their language wins over the browser's: a borrowed phone set to English.
    page = client.get(reverse("help_now"), **ENGLISH).content.decode()
    assert '<html lang="es">' in page


def test_a_link_cannot_change_a_signed_in_persons_account(client):
    member = UserFactory(language="en")
    client.force_login(member)
    client.get(reverse("choose_language"), {"language": "es", "next": "/"})
    member.refresh_from_db()
    assert member.language == "en"


def test_the_account_page_changes_the_language(client):
    member = UserFactory()
    client.force_login(member)
    page = client.get(reverse("profile")).content.decode()
    assert "The language my browser asks for" in page
    data = {
        "display_name": member.display_name,
        "language": "es",
        "timezone": member.timezone,
        "phone": "",
    }
    response = client.post(reverse("profile"), data, follow=True)
    member.refresh_from_db()
    assert member.language == "es"
    assert "Guardado." in response.content.decode()


def test_the_account_page_refuses_an_unknown_language(client):
    member = UserFactory(language="en")
    client.force_login(member)
    data = {"display_name": member.display_name, "language": "xx", "timezone": member.timezone}
    response = client.post(reverse("profile"), data)
    assert response.status_code == 200 and "language" in response.context["form"].errors
    member.refresh_from_db()
    assert member.language == "en"


def test_first_sign_in_keeps_the_browsers_language_for_messages(client):
    member = UserFactory(language="")
    assert language_of(member) == settings.LANGUAGE_CODE
    client.post(reverse("login"), {"username": member.email, "password": PASSWORD}, **SPANISH)
    assert User.objects.get(pk=member.pk).language == "es"


def test_a_later_sign_in_from_another_browser_keeps_the_choice(client):
    member = UserFactory(language="en")
    client.post(reverse("login"), {"username": member.email, "password": PASSWORD}, **SPANISH)
    assert User.objects.get(pk=member.pk).language == "en"
