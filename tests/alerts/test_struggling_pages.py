""" "I'm struggling right now": the counselor sees it at once; supporters only if the member says."""

from __future__ import annotations

from datetime import datetime, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from alerts.evaluation import resolve
from alerts.models import Alert, AlertNotice, StruggleReport
from alerts.struggling import say_struggling
from alerts.tasks import evaluate_member
from alerts.views.struggling import SESSION_KEY
from alumni.models import PeerPairing
from contacts.models import SupportContact
from messaging.models import Delivery
from plans.demo import ALEX_PLAN
from plans.versions import write_plan
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

START = "/help/struggling/"
TELL = "/help/struggling/tell/"
STEPS = "/help/struggling/steps/"
JO_TEXT = "Alex would love a call from you tonight."
DEFAULT_TEXT = "Alex could use a call from you today."
NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture(autouse=True)
def _console_sms(settings):
    settings.WAYPOINT_SMS_BACKEND = "messaging.transports.ConsoleSmsBackend"


def _contact(member, name, *, agreed=True, phone="", email="", message=""):
    return SupportContact.objects.create(
        member=member,
        name=name,
        relationship="friend",
        phone=phone,
        email=email,
        may_be_told=agreed,
        approved_message=message,
    )


@pytest.fixture
def jo(member):
    return _contact(member, "Jo", phone="+12025550143", message=JO_TEXT)


@pytest.fixture
def max_(member):
    return _contact(member, "Max", email="max@example.org")


@pytest.fixture
def pat(member):
    return _contact(member, "Pat", agreed=False, phone="+12025550199")


@pytest.fixture
def peer(member):
    robin = UserFactory(display_name="Robin Lee", phone="+12025550188", volunteers_as_peer=True)
    now = timezone.now()
    PeerPairing.objects.create(
        member=member, peer=robin, proposed_by=member, member_agreed_at=now, peer_agreed_at=now
    )
    return robin


def _sent_to(contact):
    return list(Delivery.objects.filter(contact_link__contact=contact, purpose="alert_contact"))


def _messages(response):
    return [str(m) for m in response.context["messages"]]


# --- The control on Get help now ------------------------------------------------------------


def test_the_control_shows_only_to_signed_in_members(client, member, counselor, coordinator):
    assert START not in client.get("/help/").content.decode()
    for person in (counselor, coordinator):
        client.force_login(person)
        assert START not in client.get("/help/").content.decode()
    client.force_login(member)
    page = client.get("/help/").content.decode()
    form = page.split(f'action="{START}"')[1].split("</form>")[0]
    assert 'method="post"' in page.split(f'action="{START}"')[0].rsplit("<form", 1)[1]
    assert "csrfmiddlewaretoken" in form
    assert "I'm struggling right now" in unescape(form)
    assert "counselor" in form
    # ... and in the panel on every member page.
    assert f'action="{START}"' in client.get("/today/").content.decode()


# --- Saying it ------------------------------------------------------------------------------


def test_saying_it_raises_a_mental_alert_the_counselor_sees_and_is_emailed_about(
    client, member, counselor, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(START)

    assert response.status_code == 302 and response.url == START  # no id in the URL
    [alert] = Alert.objects.filter(member=member)
    assert alert.stage == "mental" and alert.status == "open"
    assert [s["code"] for s in alert.signals] == ["struggling"]
    assert client.session[SESSION_KEY] == alert.pk
    assert StruggleReport.objects.filter(member=member).count() == 1

    [mail] = mailoutbox
    assert mail.to == [counselor.email]
    assert mail.subject == "A client needs attention"
    for private in (member.display_name, "struggl", "mental", "craving", "use"):
        assert private not in mail.subject + mail.body

    page = client.get(START).content.decode()
    assert "Thank you for reaching out. Your counselor will see this." in page
    assert 'href="tel:988"' in page and 'href="tel:911"' in page

    client.force_login(counselor)
    inbox = client.get("/alerts/").content.decode()
    assert "Reached out for support while struggling" in inbox


def test_without_a_counselor_who_sees_alerts_the_page_does_not_promise_one(signed_in):
    signed_in.post(START)
    page = signed_in.get(START).content.decode()
    assert "Your counselor will see this" not in page
    assert "Thank you for reaching out." in page
    assert 'href="/account/sharing/"' in page


def test_the_screen_lists_each_contact_who_agreed_with_the_exact_words_and_how(
    signed_in, jo, max_, pat
):
    signed_in.post(START)
    page = signed_in.get(START).content.decode()

    assert "Would you like us to send a message to people who agreed to hear from us?" in page
    jo_part = page.split(f'value="{jo.pk}"')[1].split("</li>")[0]
    assert JO_TEXT in jo_part and "By text message to (202) 555-0143" in jo_part
    assert " checked" not in jo_part  # telling someone is opt-in
    max_part = page.split(f'value="{max_.pk}"')[1].split("</li>")[0]
    assert DEFAULT_TEXT in max_part and "By email to max@example.org" in max_part
    assert "Pat" not in page.split('id="main"')[1].split("</main>")[0]
    assert "Send these messages" in page and "Not now" in page
    assert f'href="{STEPS}"' in page
    assert not Delivery.objects.filter(contact_link__contact__in=[jo, max_, pat]).exists()


def test_when_nobody_agreed_to_hear_it_says_so_kindly_and_shows_where_to_set_it_up(signed_in, pat):
    signed_in.post(START)
    page = signed_in.get(START).content.decode()
    assert "Nobody has agreed to hear from Waypoint yet" in page
    assert 'href="/contacts/"' in page
    assert "Send these messages" not in page
    assert 'href="tel:988"' in page


# --- Choosing who hears ---------------------------------------------------------------------


def test_choosing_contacts_sends_exactly_their_approved_text(
    signed_in, member, jo, max_, capsys, django_capture_on_commit_callbacks
):
    signed_in.post(START)  # its own on-commit work is not what this test is about
    alert = Alert.objects.get(member=member, stage="mental")

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(TELL, {"contact": [str(jo.pk)]}, follow=True)

    assert response.redirect_chain == [(STEPS, 302)]
    assert "Your messages are on their way." in _messages(response)
    [delivery] = _sent_to(jo)
    assert (delivery.channel, delivery.address, delivery.text, delivery.status) == (
        "sms",
        "+12025550143",
        JO_TEXT,
        "sent",
    )
    assert delivery.about == member
    assert f"[sms to +12025550143] {JO_TEXT}" in capsys.readouterr().out
    [notice] = AlertNotice.objects.filter(delivery=delivery)
    assert (notice.alert, notice.kind) == (alert, "contact")
    assert _sent_to(max_) == []  # not chosen


def test_an_email_contact_gets_the_default_words_when_none_were_approved(
    signed_in, max_, mailoutbox, django_capture_on_commit_callbacks
):
    signed_in.post(START)
    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post(TELL, {"contact": [str(max_.pk)]})
    [delivery] = _sent_to(max_)
    assert (delivery.channel, delivery.text, delivery.status) == ("email", DEFAULT_TEXT, "sent")
    [mail] = mailoutbox
    assert mail.to == ["max@example.org"] and mail.body == DEFAULT_TEXT


def test_a_contact_who_did_not_agree_cannot_be_messaged_even_if_posted(
    signed_in, member, jo, pat, django_capture_on_commit_callbacks
):
    someone_elses = _contact(UserFactory(), "Lee", phone="+12025550177")
    signed_in.post(START)
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(
            TELL,
            {"contact": [str(pat.pk), str(someone_elses.pk), "x", "9" * 30, str(jo.pk)]},
            follow=True,
        )

    assert response.status_code == 200
    assert any("haven't agreed to hear from Waypoint" in m for m in _messages(response))
    assert _sent_to(pat) == [] and _sent_to(someone_elses) == []
    assert len(_sent_to(jo)) == 1  # the rest still went


def test_only_refused_ids_sends_nothing_and_says_so(
    signed_in, pat, django_capture_on_commit_callbacks
):
    signed_in.post(START)
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(TELL, {"contact": [str(pat.pk)], "peer": "1"}, follow=True)
    said = _messages(response)
    assert any("2 people you picked haven't agreed" in m for m in said)
    assert any("No messages were sent" in m for m in said)
    assert not Delivery.objects.exists()


def test_not_now_sends_nothing(
    signed_in, counselor, jo, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post(START)
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(TELL, {}, follow=True)
    assert response.redirect_chain == [(STEPS, 302)]
    assert _sent_to(jo) == []
    # The care team still heard: "not now" is about the member's own people only.
    assert [m.to for m in mailoutbox] == [[counselor.email]]


def test_a_second_time_within_a_day_updates_the_alert_but_sends_no_new_message(
    client, member, jo, django_capture_on_commit_callbacks
):
    client.force_login(member)
    evening = datetime(2026, 3, 10, 21, 0, tzinfo=NEW_YORK)
    with time_machine.travel(evening, tick=False):
        client.post(START)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(TELL, {"contact": [str(jo.pk)]})
    [alert] = Alert.objects.filter(member=member)
    first_update = alert.updated_at

    with time_machine.travel(evening + timedelta(hours=10), tick=False):
        client.post(START)
        page = client.get(START).content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(TELL, {"contact": [str(jo.pk)]}, follow=True)

    [same] = Alert.objects.filter(member=member)
    assert same.pk == alert.pk
    assert same.updated_at > first_update
    assert "March 11" in same.signals[0]["explanation"]
    assert StruggleReport.objects.filter(member=member).count() == 2
    assert "They heard from us in the last day" in page
    assert len(_sent_to(jo)) == 1
    assert AlertNotice.objects.filter(alert=alert, kind="contact").count() == 1
    assert any("already heard from us in the last day" in m for m in _messages(response))


def test_the_peer_supporter_can_be_chosen_too(
    signed_in, member, peer, django_capture_on_commit_callbacks
):
    signed_in.post(START)
    page = signed_in.get(START).content.decode()
    peer_part = page.split('name="peer"')[1].split("</li>")[0]
    assert "Robin Lee" in peer_part and "Peer supporter" in peer_part
    assert DEFAULT_TEXT in peer_part and "By text message to (202) 555-0188" in peer_part

    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post(TELL, {"peer": "1"})

    [delivery] = Delivery.objects.filter(to_user=peer)
    assert (delivery.purpose, delivery.text, delivery.status, delivery.about) == (
        "alert_peer",
        DEFAULT_TEXT,
        "sent",
        member,
    )
    assert AlertNotice.objects.get(delivery=delivery).kind == "peer"


def test_a_pairing_the_peer_has_not_agreed_to_is_not_offered(
    signed_in, member, django_capture_on_commit_callbacks
):
    robin = UserFactory(display_name="Robin Lee", phone="+12025550188")
    PeerPairing.objects.create(
        member=member, peer=robin, proposed_by=member, member_agreed_at=timezone.now()
    )
    signed_in.post(START)
    assert 'name="peer"' not in signed_in.get(START).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post(TELL, {"peer": "1"})
    assert not Delivery.objects.filter(to_user=robin).exists()


def test_nobody_but_the_care_team_hears_before_the_member_chooses(
    signed_in, counselor, jo, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post(START)
    assert _sent_to(jo) == []
    assert [m.to for m in mailoutbox] == [[counselor.email]]


# --- The plan's steps -----------------------------------------------------------------------


def test_the_steps_page_shows_every_action_step_and_coping_skill(signed_in, member, jo):
    plan = {
        **ALEX_PLAN,
        "actions": [
            *ALEX_PLAN["actions"],
            {"text": "When I feel alone on a Sunday", "then": "I go to the 6pm meeting"},
        ],
    }
    write_plan(member, plan, author=member, finished=[])
    page = signed_in.get(STEPS).content.decode()

    for step in plan["actions"]:
        assert step["text"] in page and step["then"] in page
    for skill in ALEX_PLAN["coping"]:
        assert skill["text"] in page
    assert "not medical advice" in page
    assert 'href="tel:988"' in page
    assert 'href="tel:+12025550143"' in page  # their people, one tap away
    # "I used" from here is the same one tap that records it (a POST, see the safety page).
    assert '<form method="post" action="/checkin/now/"' in page
    assert "If you've used, this is still the right place to start" in unescape(page)


def test_the_steps_page_without_a_plan_is_still_useful(signed_in):
    page = signed_in.get(STEPS).content.decode()
    assert "doesn't have action steps yet" in unescape(page)
    assert 'href="tel:988"' in page and '<form method="post" action="/checkin/now/"' in page


# --- Who may, and odd requests --------------------------------------------------------------


def test_counselors_coordinators_and_strangers_are_refused(client, counselor, coordinator):
    for person in (counselor, coordinator):
        client.force_login(person)
        assert client.post(START).status_code == 403
        assert client.get(START).status_code == 403
        assert client.post(TELL).status_code == 403
        assert client.get(STEPS).status_code == 403
    client.logout()
    for response in (client.post(START), client.post(TELL), client.get(STEPS)):
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert not StruggleReport.objects.exists()


def test_the_screens_without_a_fresh_alert_go_back_to_get_help_now(
    signed_in, member, jo, django_capture_on_commit_callbacks
):
    assert signed_in.get(START).url == "/help/"
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(TELL, {"contact": [str(jo.pk)]})
    assert response.url == "/help/"
    assert not Delivery.objects.exists()

    # An alert id that is not this member's is treated the same way.
    other = Alert.objects.create(member=UserFactory(), stage="mental", signals=[])
    session = signed_in.session
    session[SESSION_KEY] = other.pk
    session.save()
    assert signed_in.get(START).url == "/help/"
    session[SESSION_KEY] = "not a number"
    session.save()
    assert signed_in.get(START).url == "/help/"


def test_wrong_methods_are_refused_politely(signed_in):
    assert signed_in.get(TELL).status_code == 405
    assert signed_in.post(STEPS).status_code == 405


def test_query_counts_stay_small_and_do_not_grow_with_contacts(
    signed_in, member, counselor, jo, max_, peer, django_assert_max_num_queries
):
    write_plan(member, ALEX_PLAN, author=member, finished=[])
    # Saying it records the counselor's email in the same request (what the page promises
    # comes from it), and reads which reports are new since the last evaluation.
    with django_assert_max_num_queries(30):
        signed_in.post(START)
    with django_assert_max_num_queries(10):
        signed_in.get(START)
    with django_assert_max_num_queries(8):
        signed_in.post(TELL, {"contact": [str(jo.pk), str(max_.pk)], "peer": "1"})
    with django_assert_max_num_queries(6):
        signed_in.get(STEPS)

    more = [_contact(member, f"Friend {n}", phone=f"+1202555020{n}") for n in range(5)]
    with django_assert_max_num_queries(10):
        signed_in.get(START)
    with django_assert_max_num_queries(8):
        signed_in.post(TELL, {"contact": [str(c.pk) for c in [jo, max_, *more]], "peer": "1"})


def test_no_page_of_the_flow_carries_health_data_in_its_url(signed_in, jo):
    responses = [signed_in.post(START), signed_in.post(TELL, {"contact": [str(jo.pk)]})]
    assert [r.url for r in responses] == [START, STEPS]


def test_a_resolved_struggling_alert_does_not_come_back_with_the_next_evaluation(
    member, counselor, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        alert = say_struggling(member).alert
    resolve(alert.pk, counselor, "Talked it through on the phone")
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert evaluate_member(member.pk) == 0

    assert mailoutbox == []
    assert not Alert.objects.unresolved().filter(member=member).exists()
    # Saying it again is new news: it opens a new alert rather than being swallowed.
    with django_capture_on_commit_callbacks(execute=True):
        again = say_struggling(member).alert
    assert again.pk != alert.pk
    assert list(Alert.objects.unresolved().filter(member=member)) == [again]
