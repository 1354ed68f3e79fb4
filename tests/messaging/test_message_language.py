"""Every message is written in its recipient's language (messaging.outbox, Delivery.language):
a reminder, an alert's email and its urgent text, whatever language the worker runs in."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import translation

from alerts.notify import tell_care_team
from messaging import outbox
from messaging.models import Delivery
from reminders import dispatch as reminders
from tests.alerts.helpers import open_alert
from tests.personas import counselor_for
from tests.reminders.helpers import NY_SEVEN_PM, member_with_reminder, utc

pytestmark = pytest.mark.django_db


def test_one_tick_reminds_each_member_in_their_own_language():
    spanish, _ = member_with_reminder(language="es")
    english, _ = member_with_reminder(language="en")
    unset, _ = member_with_reminder(language="")
    ids = reminders.dispatch(utc(2026, 6, 15, 22, 59), NY_SEVEN_PM).to_send
    with time_machine.travel(NY_SEVEN_PM + timedelta(seconds=3), tick=False):
        for delivery_id in ids:
            assert outbox.send(delivery_id) == outbox.Outcome.SENT
    by_address = {m.to[0]: m for m in mail.outbox}
    es = by_address[spanish.email]
    assert es.subject == "Es hora de tu registro diario"
    assert es.body.startswith("Es hora de tu registro diario en Waypoint: http")
    for member in (english, unset):  # nobody chose: the program's language
        assert by_address[member.email].subject == "Time for your check-in"
    assert Delivery.objects.get(to_user=spanish).language == "es"


def test_the_care_team_hears_each_in_their_language_whatever_the_worker_speaks(member):
    spanish = counselor_for(member, language="es")
    english = counselor_for(member, language="en")
    alert = open_alert(member, "emotional", 1)
    with translation.override("es"):  # a worker left in Spanish by its last task
        assert tell_care_team(alert.pk) == 2
    by_address = {m.to[0]: m for m in mail.outbox}
    assert by_address[spanish.email].subject == "Un participante necesita atención"
    assert "participante a tu cargo" in by_address[spanish.email].body
    assert by_address[english.email].subject == "A client needs attention"
    assert "A client on your caseload needs attention" in by_address[english.email].body
