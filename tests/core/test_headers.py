"""Every page carries a strict Content-Security-Policy, a Permissions-Policy and the old headers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _directives(header: str) -> dict[str, list[str]]:
    parts = (p.strip().split() for p in header.split(";") if p.strip())
    return {name: values for name, *values in parts}


@pytest.mark.parametrize("path", ["/help/", "/today/", "/plan/", "/checkins/"])
def test_pages_send_a_csp_without_inline_code_or_other_origins(signed_in, path):
    response = signed_in.get(path)
    assert response.status_code == 200
    policy = _directives(response.headers["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    every_source = [v for values in policy.values() for v in values]
    assert not [v for v in every_source if "unsafe" in v or "://" in v or v == "*"]


def test_pages_send_a_permissions_policy_that_allows_no_device_feature(client):
    header = client.get("/help/").headers["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in header


def test_the_existing_security_headers_are_kept(client):
    response = client.get("/help/")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


# What a strict CSP refuses: style attributes, inline scripts and inline event handlers.
INLINE = re.compile(r"\sstyle=|<script(?![^>]*\ssrc=)[^>]*>|\son[a-z]+=|javascript:", re.I)


def test_no_template_holds_inline_style_or_script():
    templates = [*ROOT.glob("templates/**/*.html"), *ROOT.glob("*/templates/**/*.html")]
    assert templates
    found = [
        f"{t.relative_to(ROOT)}:{n}: {line.strip()}"
        for t in templates
        for n, line in enumerate(t.read_text(encoding="utf-8").splitlines(), 1)
        if INLINE.search(line)
    ]
    assert found == []
