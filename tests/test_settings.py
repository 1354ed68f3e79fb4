"""Production configuration: safe by default, loud on bad values."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STRONG_KEY = "k3Jq9vXw2LmP8rTz5NbY7cHd4FgA6sE1uVoQiWxRnMtKpBjZyCl0"


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": STRONG_KEY,
    "ALLOWED_HOSTS": "waypoint.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://waypoint.example.org",
}


def test_check_deploy_reports_no_warnings_in_production():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_weak_or_missing_secret_key_stops_the_start():
    for key in ("", "short", "django-insecure-" + "x" * 60):
        result = _manage("check", **{**PRODUCTION, "SECRET_KEY": key})
        assert result.returncode != 0
        assert "SECRET_KEY must be set" in result.stderr


def test_a_typo_in_a_boolean_stops_the_start():
    result = _manage("check", **{**PRODUCTION, "SECURE_SSL_REDIRECT": "yes please"})
    assert result.returncode != 0
    assert "SECURE_SSL_REDIRECT must be one of" in result.stderr


def test_migrations_match_the_models():
    result = _manage("makemigrations", "--check", "--dry-run", DEBUG="1")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_crisis_line_that_cannot_be_dialled_stops_the_start():
    bad = '[{"label": "Helpline", "number": "call us"}]'
    result = _manage("check", **{**PRODUCTION, "WAYPOINT_CRISIS_LINES": bad})
    assert result.returncode != 0
    assert 'WAYPOINT_CRISIS_LINES: line 1: "number" has no digits to dial' in result.stderr
    good = '[{"label": "Samaritans", "number": "116 123"}]'
    assert _manage("check", **{**PRODUCTION, "WAYPOINT_CRISIS_LINES": good}).returncode == 0


def test_a_crisis_lines_text_body_in_a_language_not_offered_stops_the_start():
    bad = '[{"label": "988", "number": "988", "text": true, "text_body": {"spanish": "AYUDA"}}]'
    result = _manage("check", **{**PRODUCTION, "WAYPOINT_CRISIS_LINES": bad})
    assert result.returncode != 0
    assert (
        "WAYPOINT_CRISIS_LINES: line 1: \"text_body\" has a language 'spanish' this site does "
        "not offer (offered: en, es)" in result.stderr
    )
    good = bad.replace('"spanish"', '"es"')
    assert _manage("check", **{**PRODUCTION, "WAYPOINT_CRISIS_LINES": good}).returncode == 0


def test_a_harm_reduction_number_that_cannot_be_dialled_stops_the_start():
    for name in ("WAYPOINT_NEVER_USE_ALONE", "WAYPOINT_PROGRAM_PHONE"):
        result = _manage("check", **{**PRODUCTION, name: "ask at the desk"})
        assert result.returncode != 0
        assert f"{name} 'ask at the desk' has no digits to dial" in result.stderr
        assert _manage("check", **{**PRODUCTION, name: "1-800-555-0199"}).returncode == 0


def test_a_bad_naloxone_place_stops_the_start_naming_it():
    bad = '[{"name": "Main Street Pharmacy"}, {"adress": "12 Main St"}]'
    result = _manage("check", **{**PRODUCTION, "WAYPOINT_NALOXONE_PLACES": bad})
    assert result.returncode != 0
    assert "WAYPOINT_NALOXONE_PLACES: place 2 has unknown keys adress" in result.stderr
    assert 'place 2 needs "name" as text' in result.stderr
    result = _manage("check", **{**PRODUCTION, "WAYPOINT_NALOXONE_PLACES": "pharmacy"})
    assert "WAYPOINT_NALOXONE_PLACES is not JSON" in result.stderr
    good = '[{"name": "Main Street Pharmacy", "detail": "12 Main St", "phone": "555-0100"}]'
    assert _manage("check", **{**PRODUCTION, "WAYPOINT_NALOXONE_PLACES": good}).returncode == 0


def test_a_misspelt_warning_rule_stops_the_start():
    result = _manage("check", **{**PRODUCTION, "WAYPOINT_WARNING_RULES": '{"craving_hi": 8}'})
    assert result.returncode != 0
    assert "WAYPOINT_WARNING_RULES has an unknown key 'craving_hi'" in result.stderr


def _setting(name: str, **env: str) -> str:
    result = _manage(
        "shell", "-c", f"from django.conf import settings; print(settings.{name})", **env
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_email_to_the_smtp_server_is_encrypted_by_default_in_production():
    assert _setting("EMAIL_USE_TLS", **PRODUCTION) == "True"
    assert _setting("EMAIL_USE_TLS", **PRODUCTION, EMAIL_USE_TLS="0") == "False"
    implicit = {**PRODUCTION, "EMAIL_USE_SSL": "1"}
    assert (_setting("EMAIL_USE_TLS", **implicit), _setting("EMAIL_USE_SSL", **implicit)) == (
        "False",
        "True",
    )
    both = _manage("check", **{**implicit, "EMAIL_USE_TLS": "1"})
    assert "Set EMAIL_USE_TLS or EMAIL_USE_SSL, not both." in both.stderr
