from __future__ import annotations

from typing import Any


def formset_post(
    rows: list[dict[str, Any]], *, base: int = 0, initial: int = 0, **extra: Any
) -> dict:
    """POST data for a list section: one dict per line (id, fields, ORDER, DELETE)."""
    data: dict[str, Any] = {
        "base_revision": base,
        "items-TOTAL_FORMS": len(rows),
        "items-INITIAL_FORMS": initial,
        "items-MIN_NUM_FORMS": 0,
        "items-MAX_NUM_FORMS": 50,
        **extra,
    }
    for index, row in enumerate(rows):
        if any(row.values()):  # a blank extra line posts no position, as in the browser
            row = {"ORDER": index + 1, **row}
        for name, value in row.items():
            if value is True:
                value = "on"
            if value is not False and value is not None:
                data[f"items-{index}-{name}"] = value
    return data
