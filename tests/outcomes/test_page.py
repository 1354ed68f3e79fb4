"""/program/outcomes/: what the program's staff see, and who is turned away."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AuditEvent, Role
from outcomes import snapshots
from outcomes.chart import DASH
from tests.factories import UserFactory
from tests.outcomes import program
from tests.outcomes.program import NY

pytestmark = pytest.mark.django_db
URL = "/program/outcomes/"
# 2026-03-15 noon in the program's time zone: "today" of the hand-made program.
NOON = datetime(2026, 3, 15, 12, tzinfo=NY)


@pytest.fixture
def people():
    with time_machine.travel(NOON, tick=False):
        yield program.build()


@pytest.fixture
def staff(people):
    return UserFactory(role=Role.COUNSELOR, program=people["alex"].program, reminder=False)


def page(client, user) -> str:
    client.force_login(user)
    with time_machine.travel(NOON, tick=False):
        response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def table(html: str, key: str) -> list[tuple[str, str, str]]:
    """(month, figure, people) rows of one figure's table, as text."""
    article = html.split(f'id="figure-{key}"', 1)[1].split("</article>", 1)[0]
    body = article.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(
        r'<th scope="row">(.*?)</th><td class="text-end">(.*?)</td><td class="text-end">(.*?)</td>',
        body,
        re.S,
    )
    return [(m, re.sub(r"<[^>]+>", "", v).strip(), p) for m, v, p in rows]


def test_the_url_is_the_outcomes_page():
    assert reverse("outcomes") == URL


def test_staff_see_every_figure_by_month_with_its_rules(client, staff, settings):
    settings.WAYPOINT_SMALL_CELL = 1  # the hand-made program is small: show it all
    html = page(client, staff)
    assert "Program outcomes" in html
    assert "Check-in adherence" in html
    # Beside every figure: what it counts, out of what, and the missing-data rule.
    assert html.count("<dt>Missing data</dt>") == html.count("<article")
    assert "Reported days only" in html and "Missing days counted as unknown" in html
    rows = dict((m, (v, p)) for m, v, p in table(html, "checkin_adherence"))
    assert rows["Jan 2026"] == ("50.0%", "1")
    assert rows["Feb 2026"] == ("34.3%", "3")
    assert rows["Mar 2026"] == ("9.8%", "4")
    assert len(rows) == 12
    assert dict((m, v) for m, v, _ in table(html, "ack_p90_mental"))["Feb 2026"] == "5.4 h"
    assert dict((m, v) for m, v, _ in table(html, "bam_use_change"))["Mar 2026"] == "-1.5"


def test_small_cells_say_fewer_than_eleven_and_hide_their_people(client, staff):
    html = page(client, staff)
    rows = dict((m, (v, p)) for m, v, p in table(html, "checkin_adherence"))
    assert rows["Feb 2026"] == ("fewer than 11", "")
    # Nobody to count is not a small cell: the month with no alerts says 0.
    assert dict((m, v) for m, v, _ in table(html, "alerts_mental"))["Jan 2026"] == "0"


def test_nobody_to_count_says_so_in_other_words_than_a_hidden_cell(client, staff):
    html = page(client, staff)
    # No mental-stage alert acknowledged in January: no hours, and nobody hidden.
    jan = dict((m, (v, p)) for m, v, p in table(html, "ack_median_mental"))["Jan 2026"]
    assert jan == ("nobody to count", "0")
    chart = html.split('id="figure-ack_median_mental"', 1)[1].split("</svg>", 1)[0]
    assert f'aria-hidden="true">{DASH}</text>' in chart
    # The chart marks a small cell "<11", not with the dash of nobody to count.
    adherence = html.split('id="figure-checkin_adherence"', 1)[1].split("</svg>", 1)[0]
    assert 'aria-hidden="true">&lt;11</text>' in adherence
    assert "“&lt;11” is a month not shown" in adherence


def test_every_month_is_named_under_its_bar(client, staff):
    html = page(client, staff)
    chart = html.split('id="figure-checkin_adherence"', 1)[1].split("</svg>", 1)[0]
    names = re.findall(r'class="axis-month"[^>]*>(.*?)</text>', chart)
    assert names == [
        "Apr",
        "May",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Oct",
        "Nov",
        "Dec",
        "Jan",
        "Feb",
        "Mar",
    ]
    assert html.count('class="axis-month"') == 12 * html.count('<svg viewBox="0 0 480 200"')


def test_every_chart_has_a_text_alternative(client, staff):
    html = page(client, staff)
    charts = html.count('<svg viewBox="0 0 480 200"')
    assert charts == html.count("<article") > 20
    assert html.count("<desc id=") == charts


def test_the_page_links_the_csv_and_the_staff_navigation_links_the_page(client, staff):
    html = page(client, staff)
    assert 'href="/program/outcomes.csv"' in html
    assert 'href="/program/outcomes/" aria-current="page"' in html


def test_a_coordinator_and_a_program_admin_see_it(client, people):
    coordinator = UserFactory(role=Role.COORDINATOR, program=people["alex"].program)
    assert "Program outcomes" in page(client, coordinator)
    admin = UserFactory(role=Role.COORDINATOR, is_staff=True, program=None)
    assert "Every program together" in page(client, admin)


@pytest.mark.parametrize("role", [Role.MEMBER])
def test_members_are_refused(client, people, role):
    client.force_login(people["alex"])
    assert client.get(URL).status_code == 403


def test_staff_of_no_program_are_refused(client, people):
    client.force_login(UserFactory(role=Role.COUNSELOR, program=None))
    assert client.get(URL).status_code == 403


def test_anyone_signed_out_goes_to_sign_in(client):
    assert client.get(URL).status_code == 302


def test_the_view_is_on_the_staff_members_own_trail_and_nobody_elses(client, staff):
    page(client, staff)
    events = AuditEvent.objects.filter(action="outcomes_viewed")
    assert [(e.actor_id, e.member_id) for e in events] == [(staff.pk, staff.pk)]
    assert not AuditEvent.objects.exclude(member=staff).exists()


def test_the_same_queries_at_two_sizes(client, staff, people):
    def queries() -> int:
        client.force_login(staff)
        with time_machine.travel(NOON, tick=False), CaptureQueriesContext(connection) as q:
            assert client.get(URL).status_code == 200
        return len(q)

    with time_machine.travel(NOON, tick=False):
        snapshots.refresh(staff.program_id)
    small = queries()
    with time_machine.travel(NOON, tick=False):
        for n in range(6):
            extra = program.member(f"Extra {n}", program.JAN, program=staff.program)
            program.checkins(extra, program.JAN, program.JAN.replace(day=20))
            program.checkins(extra, program.MAR, program.MAR.replace(day=14))
            program.bam(extra, program.MAR.replace(day=2), 1, 1, 1)
        snapshots.refresh(staff.program_id)
    assert queries() == small


def test_a_spanish_speaking_counselor_reads_it_in_spanish(client, people):
    staff = UserFactory(
        role=Role.COUNSELOR, program=people["alex"].program, language="es", reminder=False
    )
    html = page(client, staff)
    assert "Resultados del programa" in html
    # Words made from a template and a number are translated when shown, not at import.
    assert "Siguen registrándose 30 días después de unirse" in html
    assert "Etapa física: horas hasta confirmar (percentil 90)" in html
    assert "menos de 11" in html
    assert "nadie que contar" in html and "“&lt;11” es un mes que no se muestra" in html
