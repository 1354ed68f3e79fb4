"""A WSGI app that outlives gunicorn's timeout, for tests/core/test_gunicorn_error_page.py."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any


def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    time.sleep(60)
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"too late"]
