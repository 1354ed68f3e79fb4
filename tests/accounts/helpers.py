"""Builders shared by the invitation and joining tests."""

from __future__ import annotations

import re

NEW_ACCOUNT = {
    "display_name": "Robin",
    "timezone": "America/Chicago",
    "password1": "a-long-test-password",
    "password2": "a-long-test-password",
}


def invite(client, inviter, django_capture_on_commit_callbacks, **data):
    client.force_login(inviter)
    payload = {"email": "robin@example.org", "display_name": "", "role": "member", **data}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/invitations/", payload)
    return response


def link_path(message) -> str:
    match = re.search(r"http://testserver(/invite/[\w-]+/)", message.body)
    assert match, message.body
    return match.group(1)
