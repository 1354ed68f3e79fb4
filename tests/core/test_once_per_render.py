"""A form render's second submission changes nothing more and shows the first result."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from checkins.models import UseReport
from contacts.models import SupportContact
from core.models import FormSubmission
from core.submissions import FIELD
from core.tasks import purge_form_submissions
from plans.models import Plan, PlanVersion
from tests.checkins.helpers import record_use
from tests.contacts.helpers import GOOD, add_contact
from tests.plans.helpers import formset_post

pytestmark = pytest.mark.django_db

KEY = re.compile(rf'name="{FIELD}" value="([^"]+)"')


def key_on(client, url: str) -> str:
    """The one-time key of the (first) form on the page, as the browser would post it."""
    found = KEY.search(client.get(url).content.decode())
    assert found, f"no {FIELD} on {url}"
    return found.group(1)


def test_two_taps_on_what_happened_store_one_report(signed_in):
    key = key_on(signed_in, "/checkin/now/record/")
    # The same answers twice, as two taps send them (record_use's default time would move
    # on if the two posts fell either side of a minute, making them different answers).
    when = (timezone.localtime() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    first = record_use(signed_in, occurred_at=when, **{FIELD: key})
    second = record_use(signed_in, occurred_at=when, **{FIELD: key})
    assert UseReport.objects.count() == 1
    assert second.status_code == 302 and second.url == first.url


def test_without_a_key_each_post_is_its_own_submission(signed_in):
    # The server rule needs the key: a client that sends none is handled as before.
    record_use(signed_in)
    record_use(signed_in)
    assert UseReport.objects.count() == 2


def test_two_taps_on_a_contacts_save_store_one_contact_and_say_saved_once(signed_in):
    key = key_on(signed_in, "/contacts/new/")
    add_contact(signed_in, **{FIELD: key})
    page = signed_in.post("/contacts/new/", {**GOOD, FIELD: key}, follow=True)
    assert SupportContact.objects.count() == 1
    assert page.content.decode().count("Saved Marcus.") == 1


def test_the_second_tap_shows_the_first_ones_message_when_that_was_never_shown(client, member):
    client.force_login(member)
    key = key_on(client, "/contacts/new/")
    add_contact(client, **{FIELD: key})
    # Another browser tab of the same session that saw nothing: the message comes again.
    other = Client()
    other.cookies = client.cookies
    list(client.get("/contacts/").context["messages"])  # the first tab shows its message
    page = other.post("/contacts/new/", {**GOOD, FIELD: key}, follow=True)
    assert "Saved Marcus." in page.content.decode()
    assert SupportContact.objects.count() == 1


def test_a_plan_save_never_reports_a_conflict_with_itself(signed_in):
    key = key_on(signed_in, "/plan/triggers/")
    data = formset_post([{"text": "Payday", "kind": "external"}], **{FIELD: key})
    signed_in.post("/plan/triggers/", data)
    page = signed_in.post("/plan/triggers/", data, follow=True).content.decode()
    assert "Saved." in page
    assert "changed somewhere else" not in page
    assert PlanVersion.objects.count() == 1
    assert [t["text"] for t in Plan.objects.get().items("triggers")] == ["Payday"]


def test_other_answers_under_an_old_key_are_a_new_submission(signed_in):
    # Back to the form, a change, Save: that is not a double tap, and is not swallowed.
    key = key_on(signed_in, "/contacts/new/")
    add_contact(signed_in, **{FIELD: key})
    add_contact(signed_in, name="Dana", **{FIELD: key})
    assert sorted(SupportContact.objects.values_list("name", flat=True)) == ["Dana", "Marcus"]


def test_a_form_sent_back_with_errors_may_be_sent_again_with_its_key(signed_in):
    key = key_on(signed_in, "/contacts/new/")
    refused = add_contact(signed_in, name="", **{FIELD: key})
    assert refused.status_code == 200
    assert not FormSubmission.objects.exists()
    add_contact(signed_in, **{FIELD: key})
    assert SupportContact.objects.count() == 1


def test_one_members_key_is_not_another_members_result(client, member, other_member):
    client.force_login(member)
    key = key_on(client, "/contacts/new/")
    add_contact(client, **{FIELD: key})
    client.force_login(other_member)
    add_contact(client, **{FIELD: key})
    assert SupportContact.objects.filter(member=other_member).count() == 1


def test_keys_older_than_a_day_are_purged_and_newer_ones_kept(signed_in, member):
    key = key_on(signed_in, "/contacts/new/")
    add_contact(signed_in, **{FIELD: key})
    FormSubmission.objects.create(
        key="old", user=member, path="/x/", created_at=timezone.now() - timedelta(days=2)
    )
    assert purge_form_submissions.delay().get() == 1
    assert list(FormSubmission.objects.values_list("key", flat=True)) == [key]


@pytest.mark.django_db(transaction=True)
def test_two_taps_at_the_same_moment_store_one_report(member):
    """Two requests in flight at once: the second waits on the claim, then replays it."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time; the race needs PostgreSQL")
    clients = [Client(), Client()]
    for c in clients:
        c.force_login(member)
    key = key_on(clients[0], "/checkin/now/record/")
    start = threading.Barrier(2)
    answers: list[int] = []
    when = (timezone.localtime() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")

    def tap(c: Client) -> None:
        start.wait()
        try:
            answers.append(record_use(c, occurred_at=when, **{FIELD: key}).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=tap, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert answers == [302, 302]
    assert UseReport.objects.count() == 1
