"""A client's BAM for their counselor: the client page's trend (home.views.client_detail) and
every result (/counselor/clients/<id>/check-ups/, measures.views.client_results), only under
the check-ins part of the member's consent, audited, in a constant number of queries."""

from __future__ import annotations

import re

import pytest

from accounts.models import REFUSED, AuditEvent, Scope
from tests.measures.helpers import AT_CUTOFFS, HARD, STEADY, record_result

pytestmark = pytest.mark.django_db


def _client_page(client, viewer, member) -> str:
    client.force_login(viewer)
    response = client.get(f"/counselor/clients/{member.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def _bam_panel(page: str) -> str:
    return page.split('id="bam-panel-title"')[1].split("</tbody>")[0]


def test_the_client_page_shows_each_subscale_over_time_with_its_change(client, member, counselor):
    record_result(member, STEADY, days_ago=14)  # use 0, risk 5, protective 21
    record_result(member, HARD, days_ago=7)  # use 3, risk 21, protective 2
    record_result(member, AT_CUTOFFS, days_ago=0)  # use 1, risk 12, protective 12
    panel = _bam_panel(_client_page(client, counselor, member))
    cells = [re.sub(r"<[^>]+>|\s+", " ", row).split() for row in panel.split("<tr>")[2:]]
    # Newest first: each score, "past cut-off" where it is, and the change since the one before.
    assert cells[0][2:] == [
        "1",
        "past",
        "cut-off",
        "(-2)",
        "12",
        "past",
        "cut-off",
        "(-9)",
        "12",
        "past",
        "cut-off",
        "(+10)",
    ]
    assert cells[1][2:] == [
        "3",
        "past",
        "cut-off",
        "(+3)",
        "21",
        "past",
        "cut-off",
        "(+16)",
        "2",
        "past",
        "cut-off",
        "(-19)",
    ]
    assert cells[2][2:] == ["0", "5", "21"]
    assert AuditEvent.objects.filter(
        actor=counselor, member=member, action="view_bam", scope=Scope.CHECKINS
    ).exists()


def test_without_check_in_consent_the_counselor_sees_no_bam_and_the_refusal_is_audited(
    client, member, counselor_without_consent
):
    record_result(member, HARD)
    page = _client_page(client, counselor_without_consent, member)
    # (21 is the hard result's protective score: as a cell's text, not inside an id or URL.)
    assert 'id="bam-panel-title"' not in page and not re.search(r">\s*21\s*<", page)
    assert not AuditEvent.objects.filter(action="view_bam").exists()
    response = client.get(f"/counselor/clients/{member.pk}/check-ups/")
    assert response.status_code == 404
    refused = AuditEvent.objects.get(action=REFUSED, actor=counselor_without_consent)
    assert (refused.member, refused.scope, refused.object_type) == (
        member,
        Scope.CHECKINS,
        "view_bam",
    )


def test_every_result_is_one_link_away_with_the_consent_it_relies_on(client, member, counselor):
    record_result(member, HARD)
    client.force_login(counselor)
    page = client.get(f"/counselor/clients/{member.pk}/check-ups/").content.decode()
    assert "Alex's check-ups (BAM)" in page
    assert "Shared with you under" in page
    assert "<td>21</td>" in page


def test_the_client_page_queries_stay_constant_whatever_the_number_of_results(
    client, member, counselor, django_assert_max_num_queries
):
    record_result(member, STEADY, days_ago=7)
    client.force_login(counselor)
    url = f"/counselor/clients/{member.pk}/"
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for ago in range(8, 60):
        record_result(member, HARD if ago % 2 else STEADY, days_ago=ago)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count("past cut-off") > 0
