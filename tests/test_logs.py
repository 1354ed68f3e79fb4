"""Logs and URLs hold no health data.

The main flows run end to end (tasks and the outbox eager, every log at DEBUG): a contact
with a phone number, a check-in with a typed note, the "I used" tap and its report, a
message to the counselor, "I'm struggling" with a contact told, and the counselor's note on
the alert. No log record may hold what the member or counselor typed, or the contact's
number; no path requested on the way may say "used".
"""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.utils import timezone

from alerts.models import Alert
from checkins.models import UseReport
from contacts.models import SupportContact
from messaging.models import Delivery
from tests.checkins.helpers import CALM
from tests.test_every_url import ROUTES

pytestmark = pytest.mark.django_db

TYPED = {
    "contact": "Marcus Zlogcontact",
    "message": "Alex could use a Zlogmessage call",
    "note": "Zlognote my brother came by",
    "report": "Zlogreport after payday",
    "alert": "Zlogalert seeing them Thursday",
}
PHONE = ("(202) 555-0177", "+12025550177", "2025550177", "555-0177", "5550177")


STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


def _everything_logged(caplog) -> str:
    """Each record's message, arguments, traceback and any extra attributes."""
    lines = []
    for record in caplog.records:
        lines += [record.getMessage(), repr(record.args), record.exc_text or ""]
        lines += [repr(v) for k, v in vars(record).items() if k not in STANDARD]
    return "\n".join(lines)


def test_the_main_flows_log_no_typed_text_and_no_phone_number_and_no_path_says_used(
    client, member, counselor, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django.request")  # 4xx lines name the path
    paths: list[str] = []

    def post(path, data=None):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(path, data or {}, follow=True)
        paths.extend([path, *(url for url, _ in response.redirect_chain)])
        assert response.status_code == 200, path
        return response

    def get(path):
        response = client.get(path, follow=True)
        paths.extend([path, *(url for url, _ in response.redirect_chain)])
        assert response.status_code == 200, path
        return response

    client.force_login(member)
    post(
        "/contacts/new/",
        {
            "name": TYPED["contact"],
            "relationship": "sponsor",
            "phone": PHONE[0],
            "email": "",
            "preferred_channel": "sms",
            "best_times": "",
            "may_be_told": "on",
            "approved_message": TYPED["message"],
        },
    )
    assert SupportContact.objects.get(member=member).phone == PHONE[1]
    post("/checkin/", {**CALM, "craving": "9", "note": TYPED["note"]})
    get("/checkins/")
    post("/checkin/now/")  # the tap
    when = (timezone.localtime() - timedelta(minutes=20)).strftime("%Y-%m-%dT%H:%M")
    post("/checkin/now/record/", {"occurred_at": when, "kind": "lapse", "notes": TYPED["report"]})
    report = UseReport.objects.get(member=member)
    assert report.notes == TYPED["report"]
    get(f"/checkin/now/{report.pk}/")
    get(f"/checkin/now/{report.pk}/reflect/")
    post("/checkin/now/tell/")  # the counselor is emailed (fixed words, no typed text)
    post("/help/struggling/")
    contact = SupportContact.objects.get(member=member)
    post("/help/struggling/tell/", {"contact": [str(contact.pk)]})
    assert Delivery.objects.filter(address=PHONE[1]).exists()  # the contact was texted

    client.force_login(counselor)
    alert = Alert.objects.filter(member=member).order_by("-stage").first()
    post(f"/alerts/{alert.pk}/", {"action": "acknowledge", "note": TYPED["alert"]})
    post(f"/alerts/{alert.pk}/", {"action": "resolve", "note": "a\x00b"})  # refused, not a 500
    get(f"/counselor/clients/{member.pk}/")

    logged = _everything_logged(caplog)
    assert caplog.records, "the flows logged nothing: is logging captured?"
    assert [t for t in TYPED.values() if t in logged] == []
    assert [p for p in PHONE if p in logged] == []
    assert [p for p in paths if "used" in p] == []


def test_no_url_pattern_says_used():
    assert [route for route in ROUTES if "used" in route] == []
