"""Which language a person reads: their own choice once signed in, the browser's before.

The one rule: `language_of(user)` for anything sent to a person (emails, texts), the active
language (Django's LocaleMiddleware, then `UserLanguageMiddleware`) for pages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from accounts.models import User

CODES = frozenset(code for code, _name in settings.LANGUAGES)


def speaks(code: str) -> str:
    """A stored choice as a language to write in ("" or one no longer offered: the
    program's own)."""
    return code if code in CODES else settings.LANGUAGE_CODE


def language_of(user: User | None) -> str:
    """The language to write to this person in, when no browser is asking."""
    return speaks(user.language if user is not None else "")


def speaking(user: User | None) -> translation.override:
    """`with speaking(person):` writes what follows in their language."""
    return translation.override(language_of(user))


class UserLanguageMiddleware:
    """A signed-in person reads their chosen language whatever the browser says: a shared
    or borrowed phone set to English still shows a Spanish-speaking member Spanish."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if isinstance(user, User) and user.language in CODES:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language  # type: ignore[attr-defined]
        return self.get_response(request)


def keep_browser_language(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    """On signing in (user_logged_in): a person who never chose keeps the language they
    signed in with, so their reminders and alerts arrive in it too."""
    if user.language or request is None:
        return
    code = translation.get_language_from_request(request)
    if code in CODES:
        User.objects.filter(pk=user.pk, language="").update(language=code)
        user.language = code


@require_http_methods(["GET", "POST"])
def choose_language(request: HttpRequest) -> HttpResponse:
    """The footer's language choice, a cookie on this device. A signed-in person's choice
    (a POST, so another site cannot make it) is also kept on their account. An unknown code
    changes nothing; the page comes back either way."""
    data = request.POST if request.method == "POST" else request.GET
    back = data.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = "/"
    response = HttpResponseRedirect(back)
    code = data.get("language", "")
    if code not in CODES:
        return response
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=request.is_secure(),
    )
    user = request.user
    if request.method == "POST" and isinstance(user, User) and user.language != code:
        user.language = code
        user.save(update_fields=["language"])
    return response
