"""The counselor's alert form (alerts/forms.py) and "I'm struggling" under any input."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alerts.models import Alert
from tests.alerts.helpers import open_alert
from tests.fuzz import (
    FORM_SETTINGS,
    MARKUP,
    choices_or_junk,
    markup_escaped,
    one_field_changed,
    rolled_back,
    submit,
    text,
)

pytestmark = pytest.mark.django_db


def _state(alert):
    alert.refresh_from_db()
    return (alert.status, alert.note, alert.resolution_note)


@FORM_SETTINGS
@given(
    data=one_field_changed(
        {"action": "acknowledge", "note": ""},
        {
            "action": choices_or_junk(["acknowledge", "resolve"]),
            "note": st.one_of(text, st.sampled_from(MARKUP)),
        },
    )
)
def test_any_alert_update_is_saved_or_refused_with_a_message(client, member, counselor, data):
    with rolled_back():
        alert = open_alert(member, "mental", 1)
        client.force_login(counselor)
        accepted, _ = submit(client, f"/alerts/{alert.pk}/", data, lambda: _state(alert))
        if accepted:
            assert (
                alert.status
                == {"acknowledge": "acknowledged", "resolve": "resolved"}[data["action"]]
            )
            if alert.status == "acknowledged":
                page = client.get("/alerts/").content.decode()
                assert markup_escaped([alert.note], page) == []
        else:
            assert alert.status == "open"


@FORM_SETTINGS
@given(contact=st.lists(st.text(max_size=8), max_size=3), peer=choices_or_junk(["peer", ""]))
def test_any_struggling_choice_is_answered_without_a_server_error(signed_in, member, contact, peer):
    with rolled_back():
        response = signed_in.post("/help/struggling/tell/", {"contact": contact, "peer": peer})
        assert response.status_code in (200, 302, 400)
        assert Alert.objects.filter(member=member).count() <= 1
