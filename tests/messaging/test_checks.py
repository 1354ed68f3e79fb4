"""Start-up checks: a bad transport setting stops the start with a clear message."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.checks import ERROR, run_checks
from django.test import override_settings

from tests.push_service import vapid_pair

ROOT = Path(__file__).resolve().parent.parent.parent
GATEWAY = {
    "WAYPOINT_SMS_BACKEND": "messaging.transports.HttpSmsBackend",
    "WAYPOINT_SMS_GATEWAY_URL": "https://sms.example.org/send",
    "WAYPOINT_SMS_GATEWAY_TOKEN": "secret-token",
}


def _messaging_problems() -> list[tuple[int, str, str]]:
    return [
        (m.level, m.id or "", m.msg)
        for m in run_checks(tags=["messaging"])
        if (m.id or "").startswith("messaging.")
    ]


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        pytest.param(GATEWAY, [], id="gateway-configured"),
        pytest.param(
            {"WAYPOINT_SMS_BACKEND": "messaging.transports.ConsoleSmsBackend", "DEBUG": True},
            [],
            id="console-in-development",
        ),
        pytest.param(
            {**GATEWAY, "WAYPOINT_SMS_BACKEND": "messaging.transports.HtpSmsBackend"},
            [(ERROR, "messaging.E001")],
            id="typo-in-the-backend",
        ),
        pytest.param(
            {**GATEWAY, "WAYPOINT_SMS_BACKEND": "messaging.models.Delivery"},
            [(ERROR, "messaging.E001")],
            id="not-a-backend",
        ),
        pytest.param(
            {**GATEWAY, "WAYPOINT_SMS_GATEWAY_URL": ""},
            [(ERROR, "messaging.E002")],
            id="gateway-without-url",
        ),
        pytest.param(
            {**GATEWAY, "WAYPOINT_SMS_GATEWAY_TOKEN": ""},
            [(ERROR, "messaging.E002")],
            id="gateway-without-token",
        ),
        pytest.param(
            {**GATEWAY, "WAYPOINT_SMS_GATEWAY_URL": "http://sms.example.org/send"},
            [(ERROR, "messaging.E002")],
            id="gateway-over-plain-http",
        ),
        pytest.param(
            {"WAYPOINT_SMS_BACKEND": "messaging.transports.ConsoleSmsBackend", "DEBUG": False},
            [(ERROR, "messaging.E003")],
            id="console-with-debug-off",
        ),
        pytest.param(
            {"WAYPOINT_SMS_BACKEND": "messaging.transports.DisabledSmsBackend", "DEBUG": False},
            [],
            id="texts-off-in-production",
        ),
        pytest.param(
            {**GATEWAY, "EMAIL_BACKEND": "django.core.mail.backends.smpt.EmailBackend"},
            [(ERROR, "messaging.E004")],
            id="typo-in-the-email-backend",
        ),
    ],
)
def test_transport_settings_are_checked_at_start(overrides, expected):
    with override_settings(**overrides):
        found = _messaging_problems()
    assert [(level, id_) for level, id_, _msg in found] == expected
    for _level, _id, msg in found:
        assert "WAYPOINT_SMS" in msg or "SMS" in msg or "EMAIL_BACKEND" in msg or "Text" in msg


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DEBUG", "WAYPOINT_SMS"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **PRODUCTION, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k3Jq9vXw2LmP8rTz5NbY7cHd4FgA6sE1uVoQiWxRnMtKpBjZyCl0",
    "ALLOWED_HOSTS": "waypoint.example.org",
}


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({"WAYPOINT_SMS_BACKEND": "messaging.transports.ConsoleSmsBackend"}, "messaging.E003"),
        ({"WAYPOINT_SMS_BACKEND": "messaging.transport.HttpSmsBackend"}, "messaging.E001"),
        ({"WAYPOINT_SMS_BACKEND": "messaging.transports.HttpSmsBackend"}, "messaging.E002"),
    ],
)
def test_a_bad_sms_setting_stops_the_start(env, says):
    result = _manage("check", **env)
    assert result.returncode != 0
    assert says in result.stderr


def test_without_debug_and_without_a_setting_texts_are_refused_not_printed():
    result = _manage(
        "shell", "-c", "from django.conf import settings; print(settings.WAYPOINT_SMS_BACKEND)"
    )
    assert result.stdout.splitlines()[-1] == "messaging.transports.DisabledSmsBackend", (
        result.stderr
    )
    assert _manage("check").returncode == 0


def test_vapid_keys_go_together_and_must_match(settings):
    public, private = vapid_pair()
    other_public, _other = vapid_pair()
    for keys, found in [
        (("", ""), []),
        ((public, private), []),
        ((public, ""), ["messaging.E005"]),
        ((public, "not-a-key"), ["messaging.E006"]),
        ((other_public, private), ["messaging.E007"]),
    ]:
        settings.WAYPOINT_VAPID_PUBLIC_KEY, settings.WAYPOINT_VAPID_PRIVATE_KEY = keys
        assert [p[1] for p in _messaging_problems() if p[1] >= "messaging.E005"] == found
    settings.WAYPOINT_VAPID_PUBLIC_KEY, settings.WAYPOINT_VAPID_PRIVATE_KEY = public, private
    settings.WAYPOINT_VAPID_SUBJECT = "somebody"
    assert [p[1] for p in _messaging_problems() if p[1] >= "messaging.E005"] == ["messaging.E006"]
