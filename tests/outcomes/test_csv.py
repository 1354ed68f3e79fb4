"""/program/outcomes.csv: the same figures, one row per month and figure, small cells blank."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest
import time_machine

from accounts.models import AuditEvent, Role
from outcomes import figures, report
from tests.factories import UserFactory
from tests.outcomes import program
from tests.outcomes.program import NY

pytestmark = pytest.mark.django_db
URL = "/program/outcomes.csv"
NOON = datetime(2026, 3, 15, 12, tzinfo=NY)


@pytest.fixture
def staff():
    with time_machine.travel(NOON, tick=False):
        people = program.build()
    return UserFactory(role=Role.COORDINATOR, program=people["alex"].program, reminder=False)


def download(client, user) -> tuple[object, list[dict[str, str]]]:
    client.force_login(user)
    with time_machine.travel(NOON, tick=False):
        response = client.get(URL)
        body = b"".join(response.streaming_content).decode()
    return response, list(csv.DictReader(io.StringIO(body)))


def row(rows, figure: str, month: str) -> dict[str, str]:
    return next(r for r in rows if r["figure"] == figure and r["month"] == month)


def test_it_is_a_csv_file_with_a_name_that_says_nothing_about_anyone(client, staff):
    response, _ = download(client, staff)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"] == 'attachment; filename="waypoint-outcomes-2026-03-15.csv"'
    )
    assert "no-store" in response["Cache-Control"]


def test_one_row_per_month_and_figure_under_the_header(client, staff):
    _, rows = download(client, staff)
    assert tuple(rows[0]) == report.CSV_HEADER
    assert len(rows) == 12 * len(figures.FIGURES)
    assert {r["month"] for r in rows} == {
        f"{y}-{m:02d}"
        for y, m in [
            (2025, 4),
            (2025, 5),
            (2025, 6),
            (2025, 7),
            (2025, 8),
            (2025, 9),
            (2025, 10),
            (2025, 11),
            (2025, 12),
            (2026, 1),
            (2026, 2),
            (2026, 3),
        ]
    }


def cell(r: dict[str, str]) -> tuple[str, ...]:
    return (r["value"], r["people"], r["suppressed"], r["suppressed_reason"])


def test_small_cells_are_blank_and_marked_suppressed(client, staff):
    _, rows = download(client, staff)
    assert cell(row(rows, figures.ADHERENCE, "2026-02")) == ("", "", "true", "small")
    # A month of nobody is not a small cell.
    assert cell(row(rows, figures.ALERTS["mental"], "2026-01")) == ("0", "0", "false", "")


def test_nobody_to_count_is_not_a_suppressed_cell(client, staff):
    _, rows = download(client, staff)
    # No alert acknowledged in January: no hours to give, and nothing hidden.
    assert cell(row(rows, figures.ACK_MEDIAN["mental"], "2026-01")) == ("", "0", "false", "")


def test_the_figures_and_their_rules(client, staff, settings):
    settings.WAYPOINT_SMALL_CELL = 1
    _, rows = download(client, staff)
    feb = row(rows, figures.SOBER_REPORTED, "2026-02")
    assert (feb["value"], feb["people"], feb["unit"]) == ("88", "2", "percent")
    assert feb["missing_data_rule"].startswith("Reported days only")
    assert row(rows, figures.ACK_P90["mental"], "2026-02")["value"] == "5.4"


def test_the_download_is_on_the_staff_members_own_trail(client, staff):
    download(client, staff)
    assert list(AuditEvent.objects.values_list("actor", "member", "action")) == [
        (staff.pk, staff.pk, "outcomes_downloaded")
    ]


def test_members_are_refused(client, staff):
    member = UserFactory(role=Role.MEMBER, program=staff.program)
    client.force_login(member)
    assert client.get(URL).status_code == 403
