"""Small validators shared by every app: time zones, phones, dates, names, one-line text."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def validate_timezone(value: str) -> None:
    if value not in available_timezones():
        raise ValidationError(_("Choose a time zone from the list."), code="timezone")
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(_("Choose a time zone from the list."), code="timezone") from exc


def normalize_phone(raw: str) -> str:
    """Return the number in E.164 form (+15551234567) or raise ValidationError."""
    message = _("Enter a phone number we can call, for example 202-555-0143 or +44 20 7946 0958.")
    try:
        number = phonenumbers.parse(raw, getattr(settings, "WAYPOINT_PHONE_REGION", "US"))
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(message, code="phone") from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(message, code="phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def validate_phone(value: str) -> None:
    if value and normalize_phone(value) != value:
        raise ValidationError(_("Store phone numbers in E.164 form, like +15551234567."))


def display_phone(value: str) -> str:
    """+12025550143 → (202) 555-0143 in the program's region, international form elsewhere."""
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return value
    region = getattr(settings, "WAYPOINT_PHONE_REGION", "US")
    home = phonenumbers.region_code_for_number(number) == region
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if home
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)


def validate_single_line(value: str) -> None:
    """No line breaks: the text goes into one short message (and once was an email header)."""
    # str.splitlines() knows every line boundary: \n and \r, and also the vertical tab,
    # form feed, NEL and the Unicode line and paragraph separators a paste can bring.
    if len(f"{value}x".splitlines()) > 1:
        raise ValidationError(
            _("Keep the message on one line, without line breaks."), code="single_line"
        )


# Every date a person types lies in these years: a birth year, a treatment date, a meeting, a
# pause. 0001-01-01 and 9999-12-31 are typing slips, and the far end overflows in UTC.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)


def validate_sane_date(value: date | datetime | None) -> None:
    """The one bound on every date and date-time field (core.forms.SaneDateField uses it)."""
    if value is None:
        return
    day = value.date() if isinstance(value, datetime) else value
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValidationError(
            _("Please check the year: choose a date between %(first)s and %(last)s."),
            code="date_range",
            params={"first": EARLIEST_DATE.year, "last": LATEST_DATE.year},
        )


# Characters that change how a name looks without being seen: direction overrides and
# isolates (U+202A-202E, U+2066-2069), zero-width spaces and joiners (U+200B-200D, U+2060,
# U+FEFF), soft hyphens (all Unicode "format" characters, Cf), and control characters (Cc).
_HIDDEN_CATEGORIES = {"Cc", "Cf"}


def hidden_characters(value: str) -> list[str]:
    return [ch for ch in value if unicodedata.category(ch) in _HIDDEN_CATEGORIES]


def validate_plain_name(value: str) -> None:
    """A name others see shows as typed: no hidden direction marks or zero-width characters."""
    if hidden_characters(value):
        raise ValidationError(
            _(
                "This name has hidden characters (such as direction marks or zero-width "
                "spaces) that could make it look like someone else's. Please type it again."
            ),
            code="hidden_characters",
        )
