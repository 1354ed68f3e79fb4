"""Reading a page as its reader does."""

from __future__ import annotations

import re

TAG = re.compile(r"<[^>]*>")


def said(page: str) -> str:
    """What a page says, without its tags: a test that some short word is not on the page
    must not meet it inside an attribute (each form's random one-time key can hold "PM")."""
    return TAG.sub(" ", page)
