"""The support-contact form (contacts.forms.SupportContactForm) under any input."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contacts.models import SupportContact
from tests.contacts.helpers import GOOD
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

FIELDS = {
    "name": st.one_of(text, st.sampled_from([f"Jo {m}" for m in MARKUP])),
    "phone": st.one_of(
        text, st.sampled_from(["+44 20 7946 0958", "911", "555", "+1" + "9" * 30, ""])
    ),
    "email": st.one_of(text, st.sampled_from(["jo@example.org", "a" * 250 + "@example.org"])),
    "relationship": choices_or_junk(["sponsor", "family", "friend", "peer"]),
    "preferred_channel": choices_or_junk(["call", "sms", "email"]),
    "best_times": st.one_of(text, st.sampled_from(MARKUP)),
    "approved_message": text,
}


@FORM_SETTINGS
@given(data=one_field_changed(GOOD, FIELDS))
def test_any_contact_is_saved_as_typed_or_refused_with_a_message(signed_in, member, data):
    with rolled_back():
        accepted, _ = submit(
            signed_in, "/contacts/new/", data, SupportContact.objects.filter(member=member).count
        )
        if accepted:
            contact = SupportContact.objects.get(member=member)
            assert contact.name == data["name"].strip()
            page = signed_in.get("/contacts/").content.decode()
            assert markup_escaped([contact.name, contact.best_times], page) == []
