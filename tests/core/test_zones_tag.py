"""The program_time tag: the program's clock, and the viewer's when their zone differs."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.template import Context, Template
from django.utils import translation

from tests.factories import UserFactory

PROGRAM = ZoneInfo("America/New_York")
MEETING = datetime(2026, 12, 8, 19, 0, tzinfo=PROGRAM)  # a Tuesday, 7 PM in the program
ENDS = datetime(2026, 12, 8, 21, 0, tzinfo=PROGRAM)


def _render(user, text='{% program_time when "D M j, g:i A" until %}') -> str:
    template = Template("{% load zones %}" + text)
    return template.render(Context({"user": user, "when": MEETING, "until": ENDS}))


def test_a_viewer_in_the_programs_time_zone_sees_the_time_alone(settings):
    settings.TIME_ZONE = "America/New_York"
    assert (
        _render(UserFactory.build(timezone="America/New_York"))
        == "Tue Dec 8, 7:00 PM \u2013 9:00 PM"
    )


def test_a_viewer_in_denver_sees_the_programs_zone_and_their_own_time(settings):
    settings.TIME_ZONE = "America/New_York"
    assert _render(UserFactory.build(timezone="America/Denver")) == (
        "Tue Dec 8, 7:00 PM \u2013 9:00 PM EST (5:00 PM \u2013 7:00 PM MST, your time)"
    )


def test_a_viewer_a_day_away_sees_their_own_day_too(settings):
    settings.TIME_ZONE = "America/New_York"
    assert _render(UserFactory.build(timezone="Asia/Tokyo"), "{% program_time when %}") == (
        "Tue Dec 8, 7:00 PM EST (Wed Dec 9, 9:00 AM JST, your time)"
    )


def test_in_spanish_the_day_and_time_are_written_the_spanish_way(settings):
    settings.TIME_ZONE = "America/New_York"
    with translation.override("es"):
        here = _render(UserFactory.build(timezone="America/New_York"), "{% program_time when %}")
        away = _render(UserFactory.build(timezone="Asia/Tokyo"), "{% program_time when %}")
        event = _render(
            UserFactory.build(timezone="America/New_York"),
            '{% load i18n %}{% program_time when _("l, M j, g:i A") until %}',
        )
    assert here == "mar 8 dic, 19:00"
    assert away == "mar 8 dic, 19:00 EST (mié 9 dic, 09:00 JST, tu hora)"
    assert event == "Martes 8 de diciembre, 19:00 \u2013 21:00"
