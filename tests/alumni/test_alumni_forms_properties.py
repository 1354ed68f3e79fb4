"""The coordinator's forms (alumni/forms.py): groups, members, events, outreach."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alumni.models import AlumniGroup, Event, GroupMembership, Outreach
from tests.alumni.helpers import group_of
from tests.factories import UserFactory
from tests.fuzz import (
    FORM_SETTINGS,
    MARKUP,
    choices_or_junk,
    dates,
    markup_escaped,
    one_field_changed,
    rolled_back,
    submit,
    text,
)

pytestmark = pytest.mark.django_db

names = st.one_of(text, st.sampled_from([f"Tuesday {m}" for m in MARKUP]))
datetimes = st.one_of(dates.map(lambda d: f"{d}T12:00"), dates, text)


@FORM_SETTINGS
@given(name=names)
def test_any_group_name_is_saved_or_refused_with_a_message(signed_in, coordinator, name):
    with rolled_back():
        accepted, _ = submit(
            signed_in, "/alumni/groups/new/", {"name": name}, AlumniGroup.objects.count
        )
        if accepted:
            group = AlumniGroup.objects.get()
            page = signed_in.get(f"/alumni/groups/{group.pk}/").content.decode()
            assert markup_escaped([group.name], page) == []


@FORM_SETTINGS
@given(
    data=one_field_changed(
        {"joined_on": "2026-01-05", "completed_treatment_on": ""},
        {"joined_on": dates, "completed_treatment_on": dates, "member": st.text(max_size=6)},
    )
)
def test_any_new_group_member_is_added_or_refused_with_a_message(
    signed_in, member, coordinator, data
):
    with rolled_back():
        group = AlumniGroup.objects.create(name="Tuesday alumni", program=member.program)
        group.coordinators.add(coordinator)
        url = f"/alumni/groups/{group.pk}/members/add/"
        submit(signed_in, url, {"member": member.pk, **data}, GroupMembership.objects.count)


EVENT = {
    "title": "Summer picnic",
    "kind": "social",
    "starts_at": "2027-07-04T12:00",
    "ends_at": "2027-07-04T15:00",
    "place": "Riverside park",
    "online_url": "",
    "capacity": "",
}


@FORM_SETTINGS
@given(
    data=one_field_changed(
        EVENT,
        {
            "title": names,
            "kind": choices_or_junk(["social", "meeting"]),
            "starts_at": datetimes,
            "ends_at": datetimes,
            "place": st.one_of(text, st.sampled_from(MARKUP)),
            "online_url": st.one_of(text, st.sampled_from(["javascript:alert(1)", "zoom.us/j/1"])),
            "capacity": choices_or_junk(["1", "0", "-1", "99999999999999999999", "1.5"]),
        },
    )
)
def test_any_event_is_saved_or_refused_with_a_message(signed_in, member, coordinator, data):
    with rolled_back():
        group = group_of(member, coordinator)
        accepted, _ = submit(
            signed_in, "/alumni/events/new/", {"group": group.pk, **data}, Event.objects.count
        )
        if accepted:
            event = Event.objects.get()
            assert not event.online_url.lower().startswith("javascript:")
            page = signed_in.get(f"/alumni/events/{event.pk}/").content.decode()
            assert markup_escaped([event.title, event.place], page) == []


@FORM_SETTINGS
@given(
    data=one_field_changed(
        {"method": "call", "outcome": "reached", "note": "", "follow_up_on": ""},
        {
            "method": choices_or_junk(["call", "text", "email", "in_person"]),
            "outcome": choices_or_junk(["reached", "message", "no_answer"]),
            "note": st.one_of(text, st.sampled_from(MARKUP)),
            "follow_up_on": dates,
        },
    )
)
def test_any_outreach_is_logged_or_refused_with_a_message(signed_in, coordinator, data):
    with rolled_back():
        pat = UserFactory(display_name="Pat", program=coordinator.program)
        accepted, _ = submit(signed_in, f"/alumni/members/{pat.pk}/", data, Outreach.objects.count)
        if accepted:
            page = signed_in.get(f"/alumni/members/{pat.pk}/").content.decode()
            assert markup_escaped([Outreach.objects.get().note], page) == []
