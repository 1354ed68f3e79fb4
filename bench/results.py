"""bench/results.md: each benchmark's latest table under its own heading, for the README."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results.md"
TITLE = "# Benchmark results (make bench)\n"


def write_section(heading: str, text: str) -> None:
    """Replace (or add) the section `## heading` with `text`; other sections stay."""
    old = RESULTS.read_text() if RESULTS.exists() else TITLE
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    section = f"## {heading}\n\nMeasured {stamp}.\n\n{text.strip()}\n\n"
    pattern = re.compile(rf"^## {re.escape(heading)}\n.*?(?=^## |\Z)", re.S | re.M)
    new = pattern.sub(lambda _m: section, old) if pattern.search(old) else old + "\n" + section
    RESULTS.write_text(re.sub(r"\n{3,}", "\n\n", new))
