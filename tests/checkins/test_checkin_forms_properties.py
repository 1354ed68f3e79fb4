"""The check-in, report-of-use and reflection forms (checkins/forms.py) under any input."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import User
from checkins.models import CheckIn, UseReport
from tests.checkins.helpers import CALM
from tests.fuzz import (
    FORM_SETTINGS,
    MARKUP,
    choices_or_junk,
    dates,
    markup_escaped,
    one_field_changed,
    rolled_back,
    submit,
    text,
)

pytestmark = pytest.mark.django_db

HALT = choices_or_junk(["0", "1", "2", "3"])
CHECKIN_FIELDS = {
    "hungry": HALT,
    "angry": HALT,
    "lonely": HALT,
    "tired": HALT,
    "craving": choices_or_junk([str(n) for n in range(11)] + ["11", "-1"]),
    "mood": choices_or_junk(["1", "2", "3", "4", "5", "0", "6"]),
    "sleep_hours": st.one_of(
        st.decimals(allow_nan=True, allow_infinity=True).map(str),
        choices_or_junk(["7.5", "24", "24.5", "-1", "1e9"]),
    ),
    "medication": choices_or_junk(["yes", "no", "none"]),
    "used_today": choices_or_junk(["True", "False"]),
    "self_harm": choices_or_junk(["True", "False", "skipped"]),
    "noticed": st.lists(st.text(max_size=5), max_size=3),
    "note": st.one_of(text, st.sampled_from(MARKUP)),
}


@FORM_SETTINGS
@given(data=one_field_changed(CALM, CHECKIN_FIELDS))
def test_any_check_in_is_saved_or_refused_with_a_message(signed_in, member, data):
    with rolled_back():
        accepted, _ = submit(
            signed_in, "/checkin/", data, CheckIn.objects.filter(member=member).count
        )
        if accepted:
            checkin = CheckIn.objects.get(member=member)
            assert checkin.note == data["note"].strip()
            page = signed_in.get("/checkin/").content.decode()
            assert markup_escaped([checkin.note], page) == []


@FORM_SETTINGS
@given(
    tenths=st.integers(min_value=0, max_value=240),
    comma=st.booleans(),
    language=st.sampled_from(["en", "es"]),
)
def test_any_hours_with_a_decimal_comma_or_point_are_the_same_hours(
    signed_in, member, tenths, comma, language
):
    hours = Decimal(tenths) / 10
    typed = f"{hours:.1f}".replace(".", "," if comma else ".")
    with rolled_back():
        User.objects.filter(pk=member.pk).update(language=language)
        response = signed_in.post("/checkin/", {**CALM, "sleep_hours": typed})
        assert response.status_code == 302, typed
        assert CheckIn.objects.get(member=member).sleep_hours == hours
        # Shown again the reader's way ("7,5" in Spanish), and that saves the same hours.
        page = signed_in.get("/checkin/").content.decode()
        shown = re.search(r'name="sleep_hours"[^>]*value="([^"]*)"', page).group(1)
        point = "," if language == "es" else "."
        assert shown == f"{hours:.1f}".replace(".", point), (shown, language)
        assert signed_in.post("/checkin/", {**CALM, "sleep_hours": shown}).status_code == 302
        assert CheckIn.objects.get(member=member).sleep_hours == hours


def _recent() -> str:
    return (timezone.localtime() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")


REPORT_FIELDS = {
    "occurred_at": st.one_of(dates.map(lambda d: f"{d}T10:00"), dates, text),
    "kind": choices_or_junk(["lapse", "relapse"]),
    "substance": text,
    "notes": st.one_of(text, st.sampled_from(MARKUP)),
}


@FORM_SETTINGS
@given(changes=one_field_changed({"kind": "lapse", "substance": "", "notes": ""}, REPORT_FIELDS))
def test_any_report_of_use_is_saved_or_refused_with_a_message(signed_in, member, changes):
    data = {"occurred_at": _recent(), **changes}
    with rolled_back():
        accepted, _ = submit(
            signed_in, "/checkin/now/record/", data, UseReport.objects.filter(member=member).count
        )
        if accepted:
            report = UseReport.objects.get(member=member)
            assert report.notes == data["notes"].strip()
            page = signed_in.get("/checkins/").content.decode()
            assert markup_escaped([report.notes], page) == []


REFLECTION_FIELDS = {
    "before": text,
    "trigger": st.one_of(text, st.sampled_from(MARKUP)),
    "dropped_routine": text,
    "will_change": text,
    "halt_hungry": HALT,
    "halt_lonely": HALT,
}


@FORM_SETTINGS
@given(data=one_field_changed({"before": "Payday", "trigger": "Old friends"}, REFLECTION_FIELDS))
def test_any_reflection_is_saved_or_refused_with_a_message(signed_in, member, data):
    with rolled_back():
        report = UseReport.objects.create(
            member=member,
            occurred_at=timezone.now() - timedelta(hours=3),
            local_date=timezone.localdate(),
            kind="lapse",
        )
        url = f"/checkin/now/{report.pk}/reflect/"

        def stored():
            report.refresh_from_db()
            return (report.before, report.trigger, report.dropped_routine, report.will_change)

        accepted, _ = submit(signed_in, url, data, stored)
        if accepted:
            report.refresh_from_db()
            assert report.trigger == data["trigger"].strip()
            page = signed_in.get(f"/checkin/now/{report.pk}/").content.decode()
            assert markup_escaped([report.trigger], page) == []
