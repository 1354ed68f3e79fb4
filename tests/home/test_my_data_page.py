"""A member downloads everything Waypoint holds about them, after giving their password."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from accounts.models import AuditEvent, Consent, Scope
from checkins.models import UseReport
from contacts.models import SupportContact
from messaging.models import PushSubscription, TextConsent
from tests.factories import PASSWORD, CheckInFactory
from texting.models import TextSettings

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _forget_wrong_passwords(member):
    # Wrong tries are counted in the cache, which outlives a test's database.
    yield
    cache.delete(f"confirm-identity:{member.pk}")


@pytest.fixture
def record(member, counselor, plan):
    CheckInFactory(member=member, note="Rough evening, called Jo")
    UseReport.objects.create(
        member=member,
        occurred_at=timezone.now(),
        local_date=timezone.localdate(),
        kind="lapse",
        notes="After the party",
    )
    SupportContact.objects.create(
        member=member, name="Jo", relationship="friend", phone="+12025550143"
    )
    AuditEvent.objects.create(actor=counselor, member=member, action="view_plan", scope=Scope.PLAN)
    PushSubscription.objects.create(
        member=member,
        endpoint="https://push.example.net/send/device-secret",
        p256dh="k",
        auth="a",
        device="Firefox on Android",
    )
    return member


def test_the_json_file_holds_everything_in_its_documented_shape(signed_in, record):
    response = signed_in.post("/account/my-data/", {"password": PASSWORD, "format": "json"})
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert (data["format"], data["version"]) == ("waypoint-member-export", 1)
    assert set(data) >= {
        "member", "plan", "checkins", "use_reports", "struggling", "alerts", "contacts",
        "messages_about_me", "consents", "reminders", "community", "access_log",
    }  # fmt: skip
    assert data["member"]["display_name"] == "Alex"
    assert data["plan"]["content"]["reasons"][0]["text"] == "Being there for Theo"
    assert [v["number"] for v in data["plan"]["versions"]] == [1]
    assert data["checkins"][0]["note"] == "Rough evening, called Jo"
    assert data["use_reports"][0]["notes"] == "After the party"
    assert data["contacts"][0]["phone"] == "+12025550143"
    assert data["consents"][0]["text"] == Consent.objects.get(member=record).text
    assert data["reminders"]["schedules"][0]["local_time"] == "19:00:00"
    assert [p["device"] for p in data["reminders"]["phones"]] == ["Firefox on Android"]
    assert "device-secret" not in response.content.decode()
    assert data["access_log"][0]["who"] == "Casey"
    assert data["access_log"][0]["what"] == "Read your plan"


def test_the_readable_document_shows_the_same(signed_in, record):
    response = signed_in.post("/account/my-data/", {"password": PASSWORD, "format": "document"})
    page = response.content.decode()
    assert "no-store" in response["Cache-Control"]
    for seen in ("Being there for Theo", "Rough evening, called Jo", "After the party", "Jo",
                 "Consent of Alex for Casey", "Read your plan", "19:00", "Firefox on Android"):  # fmt: skip
        assert seen in page, seen
    assert "device-secret" not in page


def test_nothing_without_the_right_password(signed_in, record):
    for data in [
        {"password": "wrong", "format": "json"},
        {"password": "", "format": "json"},
    ]:
        response = signed_in.post("/account/my-data/", data)
        assert response.status_code == 200 and "Content-Disposition" not in response
        assert "Rough evening" not in response.content.decode()
    unknown = signed_in.post("/account/my-data/", {"password": PASSWORD, "format": "xml"})
    assert unknown.status_code == 400
    missing = signed_in.post("/account/my-data/", {"password": PASSWORD})
    assert missing.status_code == 400


def test_too_many_wrong_passwords_lock_the_download_for_a_while(signed_in, record):
    for _ in range(5):
        signed_in.post("/account/my-data/", {"password": "wrong", "format": "json"})
    response = signed_in.post("/account/my-data/", {"password": PASSWORD, "format": "json"})
    assert "Too many tries" in response.content.decode()
    assert "Content-Disposition" not in response


def test_only_members_download_their_own(client, counselor, record):
    client.force_login(counselor)
    response = client.post("/account/my-data/", {"password": PASSWORD, "format": "json"})
    assert response.status_code == 403


def test_the_export_takes_the_same_queries_for_a_long_record(
    signed_in, record, django_assert_max_num_queries
):
    with django_assert_max_num_queries(30) as few:
        signed_in.post("/account/my-data/", {"password": PASSWORD, "format": "json"})
    for day in range(1, 40):
        CheckInFactory(member=record, local_date=timezone.localdate() - timezone.timedelta(day))
    with django_assert_max_num_queries(len(few.captured_queries)):
        signed_in.post("/account/my-data/", {"password": PASSWORD, "format": "json"})


def test_the_fhir_file_is_the_members_whole_bundle_after_the_password(signed_in, record):
    response = signed_in.post("/account/my-data/", {"password": PASSWORD, "format": "fhir"})
    assert response["Content-Type"].startswith("application/fhir+json")
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    data = json.loads(b"".join(response.streaming_content))
    assert (data["resourceType"], data["type"]) == ("Bundle", "collection")
    kinds = {e["resource"]["resourceType"] for e in data["entry"]}
    assert {"Patient", "CarePlan", "Goal", "QuestionnaireResponse", "Consent"} <= kinds
    assert "Rough evening, called Jo" in json.dumps(data)  # their own private note too


def test_the_fhir_file_needs_the_password_too(signed_in, record):
    response = signed_in.post("/account/my-data/", {"password": "wrong", "format": "fhir"})
    assert response.status_code == 200
    assert not response.streaming
    assert "Download in FHIR format" in response.content.decode()


def test_a_check_in_by_text_reads_not_asked_in_the_document(signed_in, member):
    CheckInFactory(
        member=member, source="text", mood=None, sleep_hours=None, medication=None,
        support_contact=None,
    )  # fmt: skip
    page = signed_in.post(
        "/account/my-data/", {"password": PASSWORD, "format": "document"}
    ).content.decode()
    assert page.count("not asked") == 3
    data = json.loads(
        signed_in.post("/account/my-data/", {"password": PASSWORD, "format": "json"}).content
    )
    assert data["checkins"][0]["source"] == "text"
    assert data["checkins"][0]["mood"] is None


def test_the_members_words_for_texts_and_their_stop_and_start_are_in_the_download(
    signed_in, member
):
    TextSettings.objects.create(member=member, struggling_word="harbor", used_word="anchor")
    TextConsent.objects.create(phone="+12025550177", member=member, action="stop")
    data = json.loads(
        signed_in.post("/account/my-data/", {"password": PASSWORD, "format": "json"}).content
    )
    assert data["texts"]["words"] == {"struggling_word": "harbor", "used_word": "anchor"}
    assert [c["action"] for c in data["texts"]["consents"]] == ["stop"]
    page = signed_in.post(
        "/account/my-data/", {"password": PASSWORD, "format": "document"}
    ).content.decode()
    assert "harbor" in page and "anchor" in page and "you replied STOP" in page


def test_the_readable_document_says_each_answer_in_the_words_it_was_chosen_by(signed_in, record):
    CheckInFactory(member=record, local_date=timezone.localdate() - timedelta(days=1), mood=None)
    response = signed_in.post("/account/my-data/", {"password": PASSWORD, "format": "document"})
    rows = re.findall(r"<tr><td>.*?</tr>", response.content.decode(), re.S)
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in rows]
    # Day, HALT, craving, mood, sleep, medication, used, note: the factory's "4" is "Good" and
    # its "yes" is "Yes"; the day before (a text check-in) was not asked its mood.
    by_note = {row[7]: (row[3], row[5]) for row in cells if len(row) == 8}
    assert by_note == {"Rough evening, called Jo": ("Good", "Yes"), "": ("not asked", "Yes")}
