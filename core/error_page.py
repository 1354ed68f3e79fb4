"""The page for "something went wrong on our side", with the crisis lines on it.

One page, two senders: Django, for an error in a view (handler500), and gunicorn, for a
worker killed at its timeout or an error outside Django (recovery_site/gunicorn.conf.py).
A member may reach it at the worst moment, so it carries the deployment's crisis lines
and the program's phone. It reads settings only: no database, no session, no request.
"""

from __future__ import annotations

import socket
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseServerError
from django.template.loader import render_to_string
from gunicorn.util import write_nonblock

TEMPLATE = "500.html"


def render() -> str:
    return render_to_string(
        TEMPLATE,
        {
            "crisis_lines": settings.WAYPOINT_CRISIS_LINES,
            "program_name": settings.WAYPOINT_PROGRAM_NAME,
            "program_phone": settings.WAYPOINT_PROGRAM_PHONE,
        },
    )


def server_error(request: HttpRequest) -> HttpResponseServerError:
    """handler500."""
    return HttpResponseServerError(render())


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
