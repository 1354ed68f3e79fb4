"""Every user-facing string has its Spanish translation, and the catalogue is sound.

The strings are extracted afresh from a copy of the source (so a string added anywhere
without a translation fails here, not in front of a Spanish-speaking member), then checked
with gettext's own tools.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"
NOT_SOURCE = shutil.ignore_patterns(
    ".venv", ".git", "var", "tests", "bench", "test-artifacts", "node_modules", "static", "*.mo"
)


def _entries(po: str) -> list[tuple[str, list[str], bool]]:
    """(msgid, msgstrs, fuzzy) per entry, the header left out."""
    found = []
    for block in po.split("\n\n"):
        if "msgid" not in block:
            continue
        fuzzy = bool(re.search(r"^#,.*\bfuzzy\b", block, re.M))
        fields: dict[str, list[str]] = {}
        key = ""
        for line in block.splitlines():
            if line.startswith("#"):
                continue
            if match := re.match(r'^(msgid|msgid_plural|msgctxt|msgstr(?:\[\d\])?) "(.*)"$', line):
                key = match[1]
                fields.setdefault(key, []).append(match[2])
            elif line.startswith('"') and key:
                fields[key].append(line[1:-1])
        msgid = "".join(fields.get("msgid", []))
        if not msgid:
            continue
        strs = ["".join(v) for k, v in fields.items() if k.startswith("msgstr")]
        found.append((msgid, strs, fuzzy))
    return found


def _extract(into: Path) -> str:
    """A fresh extraction from a copy of the source, merged with the kept catalogue."""
    shutil.copytree(ROOT, into, ignore=NOT_SOURCE)
    locale = into / "locale" / "es" / "LC_MESSAGES"
    locale.mkdir(parents=True, exist_ok=True)
    shutil.copy(CATALOGUE, locale / "django.po")
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": "", "REDIS_URL": ""}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "es", "--no-obsolete"],
        cwd=into,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return (locale / "django.po").read_text()


def test_every_user_facing_string_has_a_spanish_translation(tmp_path: Path) -> None:
    entries = _entries(_extract(tmp_path / "src"))
    assert len(entries) > 1500  # the extraction really read the templates and the code
    missing = [msgid for msgid, strs, fuzzy in entries if fuzzy or not all(strs)]
    assert not missing, f"{len(missing)} strings lack a Spanish translation: {missing[:20]}"


def test_the_catalogue_compiles_with_matching_placeholders(tmp_path: Path) -> None:
    # --check compares each python-format string's placeholders with its translation's.
    result = subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(CATALOGUE)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_translations_keep_every_placeholder_and_tag() -> None:
    # Template strings ({{ name }}) and HTML are not checked by msgfmt.
    marks = re.compile(r"%\(\w+\)[sd]|\{\{ ?\w+ ?\}\}|\{\w+\}|</?[a-z]+")
    wrong = [
        msgid
        for msgid, strs, _fuzzy in _entries(CATALOGUE.read_text())
        for text in strs[:1]
        if text and sorted(marks.findall(msgid)) != sorted(marks.findall(text))
    ]
    assert not wrong, wrong[:10]
