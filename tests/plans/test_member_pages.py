"""A member writes, edits, prints and reviews the history of their plan."""

from __future__ import annotations

import copy
import re

import pytest
from django.utils.html import escape

from plans.demo import ALEX_PLAN
from plans.models import Plan, PlanVersion
from plans.sections import BY_KEY
from plans.versions import write_plan
from tests.factories import CareAssignmentFactory, ConsentFactory, UserFactory
from tests.plans.helpers import formset_post

pytestmark = pytest.mark.django_db


def test_a_member_without_a_plan_is_offered_the_guided_start(signed_in):
    page = signed_in.get("/plan/").content.decode()
    assert "write your plan" in page
    assert 'href="/plan/reasons/?guided=1"' in page


def test_the_guided_flow_saves_and_moves_to_the_next_section(signed_in, member):
    response = signed_in.get("/plan/reasons/?guided=1")
    assert "Part 1 of 13" in response.content.decode()

    data = formset_post([{"text": "My son"}, {"text": "My job"}, {"text": ""}], guided="1", save="")
    response = signed_in.post("/plan/reasons/", data)
    assert response.url == "/plan/triggers/?guided=1"
    plan = Plan.objects.get(member=member)
    assert [i["text"] for i in plan.items("reasons")] == ["My son", "My job"]
    assert plan.finished_sections == ["reasons"]

    data = formset_post([{"text": "Payday", "kind": "external"}], base=1, guided="1", save_later="")
    response = signed_in.post("/plan/triggers/", data)
    assert response.url == "/plan/#section-triggers"  # back at the part just edited
    plan.refresh_from_db()
    assert plan.finished_sections == ["reasons"]  # triggers saved, finished later
    page = signed_in.get("/plan/").content.decode()
    assert "1 of 13 parts done" in page and "Payday" in page


def test_reorder_reword_and_remove(signed_in, member):
    signed_in.post("/plan/reasons/", formset_post([{"text": "A"}, {"text": "B"}, {"text": "C"}]))
    a, b, c = Plan.objects.get().items("reasons")
    rows = [
        {"id": a["id"], "text": "A", "ORDER": 3},
        {"id": b["id"], "text": "B, reworded", "ORDER": 1},
        {"id": c["id"], "text": "C", "ORDER": 2, "DELETE": True},
    ]
    response = signed_in.post("/plan/reasons/", formset_post(rows, base=1, initial=3))
    assert response.status_code == 302
    assert Plan.objects.get().items("reasons") == [
        {"id": b["id"], "text": "B, reworded"},
        {"id": a["id"], "text": "A"},
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"text": "   ", "kind": "internal", "note": "only a note"}, "Write something here"),
        (
            {"text": "x" * 201, "kind": "internal"},
            "Keep this to 200 characters or fewer. It has 201.",
        ),
        ({"text": "Payday", "kind": ""}, "Please choose one"),
        ({"text": "Payday", "kind": "sideways"}, "Select a valid choice"),
    ],
)
def test_bad_lines_get_a_clear_message_and_change_nothing(signed_in, row, message):
    response = signed_in.post("/plan/triggers/", formset_post([row]))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PlanVersion.objects.exists()


def test_phone_numbers_are_checked_and_stored_in_e164(signed_in):
    bad = signed_in.post("/plan/support/", formset_post([{"text": "Dana", "phone": "12"}]))
    assert "Enter a phone number" in bad.content.decode()
    signed_in.post("/plan/support/", formset_post([{"text": "Dana", "phone": "(202) 555-0178"}]))
    assert Plan.objects.get().items("support")[0]["phone"] == "+12025550178"


def test_common_warning_signs_can_be_adopted_in_one_tap(signed_in):
    data = formset_post([{"text": ""}], suggestions=["0", "6"])
    signed_in.post("/plan/warning_signs/", data)
    signs = Plan.objects.get().items("warning_signs")
    assert [(s["text"], s["stage"]) for s in signs] == [
        ("Isolating, staying away from people", "emotional"),
        ("Spending time with people who use", "emotional"),
    ]


# DOMAIN.md's three stages: time with people who use and denial are emotional; lying,
# another substance to get through an urge and thoughts of self-harm are mental.
@pytest.mark.parametrize(
    ("sign", "stage"),
    [
        ("Spending time with people who use", "emotional"),
        ("Telling myself I'm fine and don't need help (denial)", "emotional"),
        ("Thinking about people, places and things from when I used", "mental"),
        ("Lying or keeping secrets about where I go and what I do", "mental"),
        ("Using something else (alcohol, pills) to get through an urge", "mental"),
        ("Thoughts of hurting myself", "mental"),
    ],
)
def test_the_suggested_signs_sit_at_their_stage(signed_in, sign, stage):
    suggested = {str(s["text"]): s["stage"] for s in BY_KEY["warning_signs"].suggestions}
    assert suggested.get(sign) == stage
    # And a member sees it offered on the page, to adopt in one tap.
    page = signed_in.get("/plan/warning_signs/").content.decode()
    assert escape(sign) in page


def test_prompt_sections_save_answers(signed_in):
    data = {
        "base_revision": 0,
        "tell_first": "Marcus",
        "naloxone": "Kitchen drawer",
        "go_to": "",
        "first_day": "",
    }
    signed_in.post("/plan/if_i_use/", data)
    assert Plan.objects.get().answers("if_i_use")["naloxone"] == "Kitchen drawer"
    bad = signed_in.post("/plan/care_level/", {"base_revision": 1, "level": "moon"})
    assert bad.status_code == 200 and "valid choice" in bad.content.decode()


def test_a_stale_edit_is_not_silently_overwritten(signed_in):
    signed_in.post("/plan/reasons/", formset_post([{"text": "A"}]))
    item = Plan.objects.get().items("reasons")[0]
    signed_in.post(
        "/plan/reasons/",
        formset_post([{"id": item["id"], "text": "From tab one"}], base=1, initial=1),
    )
    response = signed_in.post(
        "/plan/reasons/",
        formset_post([{"id": item["id"], "text": "From tab two"}], base=1, initial=1),
        follow=True,
    )
    assert "changed somewhere else" in response.content.decode()
    assert Plan.objects.get().items("reasons")[0]["text"] == "From tab one"


def test_an_item_id_of_another_members_plan_answers_404(signed_in, other_member):
    theirs = write_plan(
        other_member, {"reasons": [{"text": "Theirs"}]}, author=other_member, finished=[]
    )
    foreign_id = theirs.content["reasons"][0]["id"]
    response = signed_in.post(
        "/plan/reasons/", formset_post([{"id": foreign_id, "text": "Mine"}], initial=1)
    )
    assert response.status_code == 404
    assert Plan.objects.get(member=other_member).items("reasons")[0]["text"] == "Theirs"
    assert not Plan.objects.filter(
        member__in=[signed_in.session["_auth_user_id"]], revision__gt=0
    ).exists()


def test_an_unknown_section_answers_404(signed_in):
    assert signed_in.get("/plan/nonsense/").status_code == 404


def test_text_is_always_escaped(signed_in):
    signed_in.post("/plan/reasons/", formset_post([{"text": "<script>alert(1)</script>"}]))
    for url in ("/plan/", "/plan/print/", "/plan/history/?a=0&b=1"):
        page = signed_in.get(url).content.decode()
        assert "<script>alert(1)</script>" not in page, url
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in signed_in.get("/plan/").content.decode()


def test_history_compares_two_versions_in_words(signed_in, member):
    write_plan(member, {"reasons": [{"text": "Work"}]}, author=member, finished=[])
    first = Plan.objects.get().items("reasons")[0]
    signed_in.post(
        "/plan/reasons/",
        formset_post([{"id": first["id"], "text": "My work"}, {"text": "Theo"}], base=1, initial=1),
    )
    page = signed_in.get("/plan/history/?a=1&b=2").content.decode()
    assert "What changed from version 1 to version 2" in page
    assert "Reworded" in page and "<del>Work</del>" in page and "<ins>My work</ins>" in page
    assert "Added" in page and "Theo" in page


@pytest.mark.parametrize("query", ["?a=x&b=2", "?a=1&b=99", "?a=-5"])
def test_history_with_bad_version_numbers_explains_and_does_not_fail(signed_in, member, query):
    write_plan(member, {"reasons": [{"text": "Work"}]}, author=member, finished=[])
    response = signed_in.get("/plan/history/" + query)
    assert response.status_code == 200
    assert "Choose two versions" in response.content.decode()


def test_the_print_page_has_the_plan_the_crisis_lines_and_the_card(signed_in, member):
    write_plan(member, copy.deepcopy(ALEX_PLAN), author=member, finished=[])
    page = signed_in.get("/plan/print/").content.decode()
    for text in (
        "Being there for my son Theo",
        "Not answering Marcus",
        "I deposit the cash",
        "Marcus",
        "988",
        "Crisis card",
        "Kitchen drawer",
    ):
        assert text in page, text


def test_the_overview_uses_a_constant_number_of_queries(
    signed_in, member, counselor, django_assert_max_num_queries
):
    write_plan(member, {"reasons": [{"text": "One"}]}, author=member, finished=[])
    with django_assert_max_num_queries(10) as small:
        signed_in.get("/plan/")
    big = copy.deepcopy(ALEX_PLAN)
    big["reasons"] = [{"text": f"Reason {i}"} for i in range(40)]
    write_plan(member, big, author=member, finished=["reasons"])
    plan = Plan.objects.get()
    for section in ("reasons", "triggers", "coping"):
        for i in range(5):
            plan.comments.create(section=section, author=counselor, body=f"c{i}", version_number=1)
    with django_assert_max_num_queries(len(small.captured_queries)):
        signed_in.get("/plan/")


def test_the_same_line_posted_twice_is_refused(signed_in):
    signed_in.post("/plan/reasons/", formset_post([{"text": "A"}]))
    item = Plan.objects.get().items("reasons")[0]
    rows = [{"id": item["id"], "text": "x"}, {"id": item["id"], "text": "y"}]
    assert (
        signed_in.post("/plan/reasons/", formset_post(rows, base=1, initial=2)).status_code == 404
    )
    assert Plan.objects.get().items("reasons") == [item]


def test_a_huge_version_number_is_explained_not_a_crash(signed_in, member):
    write_plan(member, {"reasons": [{"text": "Work"}]}, author=member, finished=[])
    response = signed_in.get("/plan/history/?a=99999999999999999999&b=1")
    assert response.status_code == 200 and "Choose two versions" in response.content.decode()


def test_a_medication_can_be_marked_as_one_for_opioid_use_disorder(signed_in, member):
    page = signed_in.get("/plan/medications/").content.decode()
    for label in ("Buprenorphine (also with naloxone)", "Methadone", "Naltrexone"):
        assert label in page
    rows = [
        {"text": "Vivitrol shot", "moud": "naltrexone"},
        {"text": "Vitamin D", "moud": ""},
    ]
    assert signed_in.post("/plan/medications/", formset_post(rows)).status_code == 302
    kinds = [(i["text"], i.get("moud")) for i in Plan.objects.get().items("medications")]
    assert kinds == [("Vivitrol shot", "naltrexone"), ("Vitamin D", "")]
    bad = signed_in.post("/plan/medications/", formset_post([{"text": "X", "moud": "heroin"}]))
    assert bad.status_code == 200 and "Select a valid choice" in bad.content.decode()
    assert [i["text"] for i in Plan.objects.get().items("medications")] == [
        "Vivitrol shot",
        "Vitamin D",
    ]


def test_removed_lines_can_be_put_back_where_they_were(signed_in, member):
    signed_in.post("/plan/reasons/", formset_post([{"text": "A"}, {"text": "B"}, {"text": "C"}]))
    a, b, c = Plan.objects.get().items("reasons")
    rows = [
        {"id": a["id"], "text": "A"},
        {"id": b["id"], "text": "B", "DELETE": True},
        {"id": c["id"], "text": "C"},
    ]
    page = signed_in.post(
        "/plan/reasons/", formset_post(rows, base=1, initial=3), follow=True
    ).content.decode()
    assert "Saved. One line was removed." in page
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    back = signed_in.post("/plan/undo/", {"token": token}, follow=True).content.decode()
    assert "Put back in" in back
    assert [r["text"] for r in Plan.objects.get().items("reasons")] == ["A", "B", "C"]
    assert Plan.objects.get().revision == 3  # the removal and the putting back, both kept


def test_a_too_long_line_gets_one_message_only(signed_in):
    page = signed_in.post(
        "/plan/triggers/", formset_post([{"text": "x" * 1342, "kind": "internal"}])
    ).content.decode()
    assert page.count("Keep this to 200 characters or fewer. It has 1,342.") == 2  # field, summary
    assert "Write something here" not in page
    assert "Up to 200 characters." in page
    assert "data-error-summary" in page and 'href="#id_items-0-text"' in page


def test_the_plan_offers_sharing_with_a_counselor_only_until_one_sees_it(client, member):
    write_plan(member, copy.deepcopy(ALEX_PLAN), author=member, finished=[])
    casey = CareAssignmentFactory(member=member, counselor__display_name="Casey").counselor
    client.force_login(member)
    assert "Share with my counselor" in client.get("/plan/").content.decode()

    ConsentFactory(member=member, recipient=casey, scope_checkins=False, scope_alerts=False)
    page = client.get("/plan/").content.decode()

    assert "Share with my counselor" not in page
    assert "Shared with Casey" in page


def test_in_spanish_a_day_in_the_plan_is_written_as_a_day_not_as_stored(client):
    member = UserFactory(language="es")
    client.force_login(member)
    safety = [{"text": "Borré el número", "done_on": "2026-08-02"}]
    write_plan(member, {"safety": safety}, author=member, finished=[])
    page = client.get("/plan/").content.decode()
    assert "Borré el número · Hecho el: 2 ago 2026" in page
    assert "2026-08-02" not in page
