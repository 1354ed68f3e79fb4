"""The pages for "something went wrong", with the crisis lines on them.

500: one page, two senders: Django, for an error in a view (handler500), and gunicorn,
for a worker killed at its timeout or an error outside Django (recovery_site/gunicorn.conf.py).
400: Django's answer to a request it refuses (a session ended in another tab meanwhile, a
host it does not serve), which without a template is a bare "Bad Request (400)".
A member may reach either at the worst moment, so both carry the deployment's crisis lines
and the program's phone. They read settings only: no database, no session, no request.
"""

from __future__ import annotations

import socket
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBadRequest, HttpResponseServerError
from django.template.loader import render_to_string
from django.templatetags.static import static
from gunicorn.util import write_nonblock

TEMPLATE = "500.html"


STYLESHEETS = ("vendor/bootstrap/bootstrap.min.css", "css/waypoint.css")


def _stylesheets() -> list[str]:
    """Their URLs, or none: with the manifest storage a missing manifest (collectstatic not
    run) raises here, and gunicorn renders this page at start: a plain page beats no server."""
    try:
        return [static(name) for name in STYLESHEETS]
    except ValueError:
        return []


def render(template: str = TEMPLATE) -> str:
    return render_to_string(
        template,
        {
            "stylesheets": _stylesheets(),
            "crisis_lines": settings.WAYPOINT_CRISIS_LINES,
            "program_name": settings.WAYPOINT_PROGRAM_NAME,
            "program_phone": settings.WAYPOINT_PROGRAM_PHONE,
        },
    )


def server_error(request: HttpRequest) -> HttpResponseServerError:
    """handler500."""
    return HttpResponseServerError(render())


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponseBadRequest:
    """handler400."""
    return HttpResponseBadRequest(render("400.html"))


WriteError = Callable[[socket.socket, int, str, str], None]


def gunicorn_writer(page: str, fallback: WriteError) -> WriteError:
    """A replacement for gunicorn.util.write_error that sends `page` for 5xx answers.

    gunicorn's 4xx answers (a malformed request line, headers too large) are about the
    client's request, not our failure, and keep gunicorn's own words.
    """
    body = page.encode("utf-8")

    def write_error(sock: socket.socket, status_int: int, reason: str, mesg: str) -> None:
        if status_int < 500:
            fallback(sock, status_int, reason, mesg)
            return
        head = (
            f"HTTP/1.1 {status_int} {reason}\r\n"
            "Connection: close\r\n"
            "Content-Type: text/html; charset=utf-8\r\n"
            f"Content-Length: {len(body)}\r\n"
            "Cache-Control: no-store\r\n"
            "X-Content-Type-Options: nosniff\r\n"
            "\r\n"
        )
        # gunicorn's own way to write: the socket is non-blocking in some worker classes.
        write_nonblock(sock, head.encode("latin-1") + body)

    return write_error
