"""Charts drawn as SVG read the same in every language: their coordinates are numbers the
browser reads ("176.1"), never written the Spanish way ("176,1"), which the browser refuses
(the lines collapse and the labels pile up in a corner). Each drawing template turns
localization off around the SVG; numbers people read in it go through `floatformat`, which
still localizes ("52,3 %")."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings

from accounts.models import User
from checkins.progress import local_date
from tests.factories import CheckInFactory

TEMPLATES = Path(settings.BASE_DIR) / "templates"
SVG = re.compile(r"<svg.*?</svg>", re.S)
COORDINATE = re.compile(r'\b(?:x|y|x1|x2|y1|y2|width|height|cx|cy|r|font-size|viewBox)="([^"]*)"')


def test_every_template_that_draws_with_values_turns_localization_off():
    drawing = [
        path.relative_to(TEMPLATES)
        for path in TEMPLATES.rglob("*.html")
        if any("{{" in svg for svg in SVG.findall(path.read_text()))
    ]
    assert drawing  # the charts and the sparkline
    unlocalized = [p for p in drawing if "{% localize off %}" not in (TEMPLATES / p).read_text()]
    assert unlocalized == []


def _unreadable(html: str) -> list[str]:
    """Coordinates a browser cannot read: a comma inside a number, or a point that is not
    one x,y pair."""
    svgs = SVG.findall(html)
    assert svgs, "no chart on the page"
    bad = [v for svg in svgs for v in COORDINATE.findall(svg) if "," in v]
    for svg in svgs:
        for points in re.findall(r'points="([^"]*)"', svg):
            bad += [pair for pair in points.split() if pair.count(",") != 1]
    return bad


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_trend_chart_draws_the_same_in_spanish(signed_in, member, language):
    User.objects.filter(pk=member.pk).update(language=language)
    today = local_date(member.timezone)
    for ago, craving in ((0, 7), (1, 3), (4, 9), (9, 2)):
        CheckInFactory(member=member, local_date=today - timedelta(days=ago), craving=craving)

    page = signed_in.get("/checkins/").content.decode()

    assert f'<html lang="{language}"' in page
    assert _unreadable(page) == []
