"""core.error_page: the error page Django and gunicorn send, with the crisis lines."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.contrib.sessions.exceptions import SessionInterrupted
from django.test import Client
from django.urls import path

from core import error_page
from recovery_site import urls as site_urls


class Page(HTMLParser):
    """What a valid page must have: a doctype, <html lang>, a title, one h1, tel: links."""

    def __init__(self) -> None:
        super().__init__()
        self.doctype = ""
        self.lang = ""
        self.title = ""
        self.h1 = 0
        self.links: list[str] = []
        self._in: list[str] = []

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.lang = found.get("lang") or ""
        if tag == "h1":
            self.h1 += 1
        if tag == "a":
            self.links.append(found.get("href") or "")
        self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        if self._in and self._in[-1] == "title":
            self.title += data.strip()


def parsed(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


def test_the_page_is_valid_and_carries_the_crisis_lines():
    page = parsed(error_page.render())
    assert page.doctype.lower() == "doctype html"
    assert page.lang.startswith("en")
    assert page.title == "Something went wrong"
    assert page.h1 == 1
    assert {"tel:911", "tel:988", "sms:988"} <= set(page.links)


def test_the_page_names_the_deployments_lines_and_the_programs_phone(settings):
    settings.WAYPOINT_CRISIS_LINES = [
        {
            "label": "Harbor crisis line",
            "number": "1-800-555-0199",
            "dial": "18005550199",
            "call": True,
            "text": False,
        }
    ]
    settings.WAYPOINT_PROGRAM_NAME = "Harbor Light"
    settings.WAYPOINT_PROGRAM_PHONE = {"number": "1-800-555-0100", "dial": "18005550100"}
    html = error_page.render()
    assert "Harbor crisis line" in html
    assert set(parsed(html).links) == {"tel:18005550199", "tel:18005550100"}
    assert "Call Harbor Light: 1-800-555-0100" in html


def broken_view(request):
    raise RuntimeError("a bug in a view")


def refused_view(request):
    # What Django's session middleware raises when the session was deleted meanwhile.
    raise SessionInterrupted("signed out in another tab")


# The site's URLs and error handlers, plus views that fail.
urlpatterns = [
    path("broken/", broken_view),
    path("refused/", refused_view),
    *site_urls.urlpatterns,
]
handler400 = site_urls.handler400
handler500 = site_urls.handler500


@pytest.mark.urls(__name__)
def test_an_error_in_a_view_shows_the_page_with_the_crisis_lines(settings, db):
    settings.DEBUG = False
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    assert "tel:988" in parsed(response.content.decode()).links


@pytest.mark.urls(__name__)
def test_a_refused_request_shows_a_page_with_the_crisis_lines_not_a_bare_400(settings, db):
    settings.DEBUG = False
    response = Client(raise_request_exception=False).get("/refused/")
    assert response.status_code == 400
    page = parsed(response.content.decode())
    assert (page.title, page.h1) == ("That didn't work", 1)
    assert {"tel:911", "tel:988", "sms:988", "/"} <= set(page.links)
    assert "/static/css/waypoint.css" in response.content.decode()


class Sock:
    """What gunicorn's writer needs of a socket."""

    def __init__(self) -> None:
        self.sent = b""

    def gettimeout(self) -> float | None:
        return None

    def setblocking(self, flag: bool) -> None:
        return None

    def sendall(self, data: bytes) -> None:
        self.sent += data


def test_gunicorns_5xx_answers_get_the_page_and_its_4xx_keep_their_words():
    told: list[int] = []
    write = error_page.gunicorn_writer("<p>page</p>", lambda s, status, r, m: told.append(status))
    sock = Sock()
    write(sock, 500, "Internal Server Error", "")  # type: ignore[arg-type]
    head, _, body = sock.sent.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 500 Internal Server Error\r\n")
    assert b"Content-Type: text/html; charset=utf-8" in head
    assert body == b"<p>page</p>"
    write(Sock(), 400, "Bad Request", "Invalid request line")  # type: ignore[arg-type]
    assert told == [400]
