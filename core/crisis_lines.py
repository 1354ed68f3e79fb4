"""The shape of a crisis line (WAYPOINT_CRISIS_LINES), checked when settings load.

Pure Python, so recovery_site/settings.py can use it before any app is loaded.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

KEYS = ("label", "short", "note", "number", "call", "text", "text_body")
EXAMPLE = '[{"label": "988 Lifeline", "number": "988", "call": true, "text": true}]'


def problems(lines: Any, languages: Collection[str]) -> list[str]:
    """What is wrong with `lines`, each said so that it can be fixed; [] when all is well.
    `languages` are the codes a `text_body` may be given in (settings.LANGUAGES)."""
    if not isinstance(lines, list) or not lines:
        return ["it must be a list with at least one line"]
    found: list[str] = []
    for n, line in enumerate(lines, 1):
        if not isinstance(line, dict):
            found.append(f"line {n} must be an object with a label and a number")
            continue
        unknown = sorted(set(line) - set(KEYS))
        if unknown:
            found.append(
                f"line {n} has unknown keys {', '.join(unknown)} (known: {', '.join(KEYS)})"
            )
        for key in ("label", "number"):
            if not isinstance(line.get(key), str) or not line[key].strip():
                found.append(f'line {n} needs "{key}" as text')
        for key in ("short", "note"):
            if key in line and not isinstance(line[key], str):
                found.append(f'line {n}: "{key}" must be text')
        if isinstance(line.get("number"), str) and not re.search(r"\d", line["number"]):
            found.append(f'line {n}: "number" has no digits to dial')
        for flag in ("call", "text"):
            if flag in line and not isinstance(line[flag], bool):
                found.append(f'line {n}: "{flag}" must be true or false')
        if line.get("call", True) is False and line.get("text", False) is False:
            found.append(f"line {n} can be neither called nor texted")
        if "text_body" in line:
            found.extend(_body_problems(n, line, languages))
    return found


def _body_problems(n: int, line: dict[str, Any], languages: Collection[str]) -> list[str]:
    body = line["text_body"]
    known = ", ".join(languages)
    if not isinstance(body, dict) or not body:
        return [
            f'line {n}: "text_body" must be an object of language and text, like {{"es": "AYUDA"}}'
        ]
    found = [
        f'line {n}: "text_body" has a language {code!r} this site does not offer (offered: {known})'
        for code in body
        if code not in languages
    ]
    found += [
        f'line {n}: "text_body" for {code!r} must be text'
        for code, text in body.items()
        if not isinstance(text, str) or not text.strip()
    ]
    if line.get("text", False) is not True:
        found.append(f'line {n} has a "text_body" but is not texted ("text": true)')
    return found


def normalized(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each line with its flags (a call by default, no text, no text body) and `dial`: what
    tel: and sms: links need, digits and a leading + only."""
    return [
        {
            "call": True,
            "text": False,
            "text_body": {},
            **line,
            "dial": re.sub(r"[^\d+]", "", line["number"]),
        }
        for line in lines
    ]


def text_body(line: dict[str, Any], language: str | None) -> str:
    """What a text to the line says to begin with in `language` (988's Spanish service is
    reached by texting AYUDA), or "" for a plain text. A regional code ("es-mx") reads its
    language's body."""
    bodies = line.get("text_body") or {}
    code = (language or "").lower()
    return bodies.get(code) or bodies.get(code.split("-")[0]) or ""


LIFELINE = "988"


def lifeline_first(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The lines with the 988 Lifeline first (for thoughts of self-harm: DOMAIN.md), the rest
    in the deployment's order; a deployment without 988 keeps its own order."""
    return sorted(lines, key=lambda line: line["dial"] != LIFELINE)
