"""The plan's section forms and the counselor's review and comment (plans/forms.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plans.models import Plan, PlanComment, PlanReview
from plans.versions import write_plan
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
from tests.plans.helpers import formset_post

pytestmark = pytest.mark.django_db

GOOD_REASONS = formset_post([{"text": "My son"}, {"text": "My job"}])
REASON_FIELDS = {
    "items-0-text": st.one_of(text, st.sampled_from(MARKUP)),
    "items-1-text": text,
    "items-0-ORDER": choices_or_junk(["1", "2", "-1", "99999999999999999999"]),
    "items-1-DELETE": choices_or_junk(["on", ""]),
    "items-0-id": text,
    "items-TOTAL_FORMS": choices_or_junk(["0", "2", "1000", "-1"]),
    "base_revision": choices_or_junk(["0", "1", "-1"]),
}


def _reasons(member):
    plan = Plan.objects.filter(member=member).first()
    return plan.items("reasons") if plan else None


@FORM_SETTINGS
@given(data=one_field_changed(GOOD_REASONS, REASON_FIELDS))
def test_any_plan_section_is_saved_or_refused_with_a_message(signed_in, member, data):
    with rolled_back():
        # A line id that is not in the member's own section answers 404 (README, plans).
        accepted, _ = submit(
            signed_in, "/plan/reasons/", data, lambda: _reasons(member), not_found=True
        )
        if accepted and _reasons(member) is not None:
            texts = [item["text"] for item in _reasons(member)]
            page = signed_in.get("/plan/").content.decode()
            assert markup_escaped(texts, page) == []


@FORM_SETTINGS
@given(
    data=one_field_changed(
        {"version": "1", "status": "reviewed", "note": "", "section": "reasons", "body": "Good"},
        {
            "version": choices_or_junk(["1", "2", "0", "-1"]),
            "status": choices_or_junk(["reviewed", "changes_suggested"]),
            "note": st.one_of(text, st.sampled_from(MARKUP)),
            "section": choices_or_junk(["reasons", "triggers", "nope"]),
            "body": st.one_of(text, st.sampled_from(MARKUP)),
        },
    )
)
def test_any_review_or_comment_is_saved_or_refused_with_a_message(client, member, counselor, data):
    with rolled_back():
        write_plan(member, {"reasons": [{"text": "My son"}]}, author=member, finished=[])
        client.force_login(counselor)
        base = f"/counselor/clients/{member.pk}/plan/"
        submit(client, base + "review/", data, PlanReview.objects.count)
        accepted, _ = submit(client, base + "comments/", data, PlanComment.objects.count)
        if accepted:
            client.force_login(member)
            page = client.get("/plan/").content.decode()
            assert markup_escaped([PlanComment.objects.get().body], page) == []
