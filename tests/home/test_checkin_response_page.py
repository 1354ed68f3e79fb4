"""The check-in response (home.views checkin_response): what the member reads after checking in, drawn from their own plan."""

from __future__ import annotations

import copy

import pytest

from checkins.models import CheckIn
from plans.demo import ALEX_PLAN
from plans.versions import write_plan
from tests.checkins.helpers import CALM

pytestmark = pytest.mark.django_db


def test_the_response_uses_the_members_own_plan(signed_in, member):
    write_plan(member, copy.deepcopy(ALEX_PLAN), author=member, finished=[])
    answers = {
        **CALM,
        "craving": "8",
        "lonely": "3",
        "hungry": "2",
        "angry": "3",
        "tired": "3",
        "sleep_hours": "4",
        "medication": "no",
        "support_contact": "False",
    }
    signed_in.post("/checkin/", answers)
    page = signed_in.get("/checkin/response/").content.decode()
    expected = [
        "A strong craving passes",
        "I deposit the cash straight away",  # action step
        "Box breathing for five minutes",  # coping skill
        'href="tel:+12025550143"',  # Marcus, top contact
        "Reach one person today",
        "Eat something soon",
        "Breakfast before my shift",  # self-care routine
        "Let some of the anger out",
        "Rest counts as recovery",
        "Missed your medication today?",
        "not medical advice",
    ]
    for text in expected:
        assert text in page, text
    assert "Today looks steady" not in page


def test_noticed_warning_signs_bring_back_that_part_of_the_plan(signed_in, member):
    version = write_plan(member, copy.deepcopy(ALEX_PLAN), author=member, finished=[])
    sign = version.content["warning_signs"][3]  # "Thinking one time won't matter", mental stage
    signed_in.post("/checkin/", {**CALM, "noticed": [sign["id"]]})
    checkin = CheckIn.objects.get()
    assert checkin.noticed_signs == [{"id": sign["id"], "text": sign["text"], "stage": "mental"}]
    page = signed_in.get("/checkin/response/").content.decode()
    assert "You noticed some of your warning signs" in page and "(Mental stage)" in page
