"""Every figure on the hand-made program of tests/outcomes/program.py, with its answer."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from outcomes import figures
from tests.outcomes import program
from tests.outcomes.program import FEB, JAN, MAR, TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def cells():
    people = program.build()
    found = figures.compute(people["alex"].program_id, JAN, MAR, today=TODAY)
    return {(c.figure, c.month): c for c in found}


def values(cells, key):
    """(value, people) for January, February and March."""
    return [(cells[(key, m)].value, cells[(key, m)].people) for m in (JAN, FEB, MAR)]


def test_every_figure_has_a_cell_for_every_month(cells):
    assert {key for key, _ in cells} == set(figures.FIGURES)
    assert len(cells) == 3 * len(figures.FIGURES)


def test_enrolled_and_active_members(cells):
    # Dana joined in January, Alex and Blake in February, Casey in March. Active: a
    # check-in, a report of use or a BAM (Dana's BAM of March 3 makes her active then).
    assert values(cells, figures.ENROLLED) == [(1, 1), (3, 3), (4, 4)]
    assert values(cells, figures.ACTIVE) == [(1, 1), (2, 2), (2, 2)]
    assert [cells[(figures.ACTIVE, m)].least for m in (JAN, FEB, MAR)] == [0, 1, 2]


def test_checkin_adherence_counts_every_enrolled_day(cells):
    # January: Dana 6 of 12 days (20th-31st). February: 24 check-ins over Dana's 28,
    # Alex's 28 and Blake's 14 days. March to the 15th: 5 over 15 + 15 + 6 + 15 days.
    assert values(cells, figures.ADHERENCE) == [(50.0, 1), (34.3, 3), (9.8, 4)]


def test_days_without_use_of_reported_days_only(cells):
    # February: 25 reported days (24 check-ins and Alex's report on a day without one),
    # 3 with use (Alex's check-in of the 5th, his report of the 20th, Blake's report of
    # the 16th on a day his check-in said no). 22 / 25.
    assert values(cells, figures.SOBER_REPORTED) == [(100.0, 1), (88.0, 2), (100.0, 1)]


def test_days_without_use_with_missing_days_unknown(cells):
    # February: 22 days known without use of 70 enrolled days; 45 of 70 nobody told us about.
    assert values(cells, figures.SOBER_ALL) == [(50.0, 1), (31.4, 3), (9.8, 4)]
    assert values(cells, figures.UNKNOWN) == [(50.0, 1), (64.3, 3), (90.2, 4)]


def test_retention_leaves_out_who_has_not_reached_the_day(cells):
    # Dana (January) reached day 30 on February 19 and last checked in January 25: not
    # retained. Alex (February) reached it March 3 and checked in until March 5. Blake
    # reaches it March 17, after today: left out. Nobody has reached day 90.
    assert values(cells, figures.RETENTION[30]) == [(0.0, 1), (100.0, 1), (None, 0)]
    assert values(cells, figures.RETENTION[90]) == [(None, 0), (None, 0), (None, 0)]
    assert values(cells, figures.RETENTION[180]) == [(None, 0), (None, 0), (None, 0)]


def test_bam_change_from_each_members_first(cells):
    # February: Alex 6/10/8 then 4/8/10. March: Alex's last (2/9/12) against his first,
    # Dana's 6/4/9 against her 5/5/5. Blake has only his first: left out.
    assert values(cells, figures.BAM_CHANGE["use"]) == [(None, 0), (-2.0, 1), (-1.5, 2)]
    assert values(cells, figures.BAM_CHANGE["risk"]) == [(None, 0), (-2.0, 1), (-1.0, 2)]
    assert values(cells, figures.BAM_CHANGE["protective"]) == [(None, 0), (2.0, 1), (4.0, 2)]


def test_alert_counts_per_stage(cells):
    assert values(cells, figures.ALERTS["mental"]) == [(0, 0), (3, 3), (0, 0)]
    assert values(cells, figures.ALERTS["physical"]) == [(0, 0), (1, 1), (0, 0)]
    assert values(cells, figures.ALERTS["emotional"]) == [(0, 0), (0, 0), (0, 0)]
    assert values(cells, figures.ALERTS_TOTAL) == [(0, 0), (4, 3), (0, 0)]


def test_time_to_acknowledge_median_and_90th_percentile(cells):
    # Waits of 2, 6 and 3 hours (Dana's from her re-opening): median 3, p90 3 + 0.8 x 3.
    assert values(cells, figures.ACK_MEDIAN["mental"])[1] == (3.0, 3)
    assert values(cells, figures.ACK_P90["mental"])[1] == (5.4, 3)
    # The physical alert was never acknowledged: left out, nothing to measure.
    assert values(cells, figures.ACK_MEDIAN["physical"])[1] == (None, 0)


def test_escalations(cells):
    assert values(cells, figures.ESCALATIONS) == [(0, 0), (1, 1), (0, 0)]


def test_alumni_engagement(cells):
    # February: Alex, the only alumnus, came. March: Blake came; Alex's attendance was
    # never recorded, which counts as not attended.
    assert values(cells, figures.ALUMNI) == [(None, 0), (100.0, 1), (50.0, 2)]


def test_every_program_together_counts_the_other_program_too():
    people = program.build()
    found = figures.by_key(figures.compute(None, JAN, MAR, today=TODAY))
    assert found[(figures.ENROLLED, JAN)].value == 2
    assert found[(figures.ALERTS["physical"], FEB)].value == 2
    assert people["elsewhere"].program_id != people["alex"].program_id


def test_percentile_interpolates_between_ranks():
    assert figures.percentile([1.0], 0.9) == 1.0
    assert figures.percentile([4.0, 1.0, 2.0, 3.0], 0.5) == 2.5
    assert figures.percentile([float(n) for n in range(1, 11)], 0.9) == pytest.approx(9.1)


def test_an_acknowledgement_before_a_reopening_counts_from_the_opening():
    ny = ZoneInfo("America/New_York")
    opened = datetime(2026, 2, 1, 9, tzinfo=ny)
    acknowledged = opened + timedelta(hours=1)
    reopened = opened + timedelta(hours=5)
    assert figures.acknowledge_wait(opened, acknowledged, reopened) == timedelta(hours=1)


def test_the_same_queries_whatever_the_size_of_the_program():
    people = program.build()
    pid = people["alex"].program_id

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            figures.compute(pid, JAN, MAR, today=TODAY)
        return len(captured)

    small = queries()
    for n in range(5):
        extra = program.member(f"Extra {n}", JAN.replace(day=3), program=people["alex"].program)
        program.checkins(extra, JAN.replace(day=3), JAN.replace(day=9))
        program.bam(extra, JAN.replace(day=4), 1, 1, 1)
        program.bam(extra, FEB.replace(day=4), 1, 1, 1)
        program.alert(extra, "emotional", program.at(FEB.replace(day=4)))
    assert queries() == small
