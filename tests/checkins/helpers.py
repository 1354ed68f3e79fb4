from __future__ import annotations

CALM = {
    "hungry": "0",
    "angry": "0",
    "lonely": "0",
    "tired": "0",
    "craving": "1",
    "mood": "4",
    "sleep_hours": "7.5",
    "medication": "yes",
    "support_contact": "True",
    "used_today": "False",
    "note": "",
}
